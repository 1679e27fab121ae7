import HaloModel

/// Turns one event into exactly one line of text.
///
/// A formatter must never emit a line terminator (`\n`, `\r`) or any other control character raw, whatever
/// the event holds: every field is escaped by the rules of the format, so one event is always one line and
/// no field value can forge another field.
public protocol EventFormatter: Sendable {
    /// Appends the line for `event` to `line`, without a line terminator.
    func format(_ event: HaloEvent, as classification: EventClassification, into line: inout String)
}

extension EventFormatter {
    /// The line for `event`, without a line terminator.
    public func line(for event: HaloEvent, as classification: EventClassification) -> String {
        var line = ""
        format(event, as: classification, into: &line)
        return line
    }
}
