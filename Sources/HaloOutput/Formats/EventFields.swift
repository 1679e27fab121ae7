import HaloModel

extension HaloEvent {
    /// The field's text when it has a value: `nil` when missing, `null` or empty.
    func value(_ key: String) -> String? {
        guard let text = fields[key]?.text, !text.isEmpty else { return nil }
        return text
    }

    /// The text of `first`, else of `second` (see ``value(_:)``).
    func value(_ first: String, else second: String) -> String? {
        value(first) ?? value(second)
    }
}
