/// Text operations the executables need beyond the standard library, without Foundation.
extension StringProtocol {
    /// The text without leading and trailing scalars for which `trimmed` holds (Foundation's `trimmingCharacters(in:)`,
    /// which also works scalar by scalar).
    public func trimming(_ trimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !trimmed($0) }),
              let last = scalars.lastIndex(where: { !trimmed($0) })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// The text without leading and trailing spaces and tabs (`trimmingCharacters(in: .whitespaces)`).
    public func trimmingWhitespace() -> String { trimming(Unicode.Scalar.isBlank) }

    /// The text without leading and trailing spaces, tabs and line ends
    /// (`trimmingCharacters(in: .whitespacesAndNewlines)`).
    public func trimmingWhitespaceAndNewlines() -> String {
        trimming { Unicode.Scalar.isBlank($0) || Unicode.Scalar.isNewline($0) }
    }
}

extension Unicode.Scalar {
    /// Whether the scalar is in Foundation's `CharacterSet.whitespaces`: a space separator (Zs) or a tab.
    public static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
    }

    /// Whether the scalar is in Foundation's `CharacterSet.newlines`: U+000A–U+000D, U+0085, U+2028, U+2029.
    public static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
        (0x0A...0x0D).contains(scalar.value) || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}

/// `value` with `digits` digits after the point, rounded as C's `printf("%.*f")` rounds (what
/// `String(format: "%.1f", value)` prints).
public func decimal(_ value: Double, digits: Int) -> String {
    var buffer = [CChar](repeating: 0, count: 400)
    let count = withVaList([value]) { arguments in
        buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress!, $0.count, "%.\(digits)f", arguments) }
    }
    guard count >= 0 else { return String(value) }
    return String(decoding: buffer.prefix(min(Int(count), buffer.count - 1)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
