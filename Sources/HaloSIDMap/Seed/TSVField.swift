/// The escaping of values in the seed file: `\\`, `\t`, `\n`, `\r` inside a value, and `\|` inside an
/// item of a `|`-separated list, so that every value stays on one line and in one column.
enum TSVField {
    static func encode(_ value: String) -> String {
        BackslashEscape.oneLineField.escaped(value)
    }

    static func encodeList(_ items: [String]) -> String {
        items.map { item in
            var escaped = String.UnicodeScalarView()
            for scalar in encode(item).unicodeScalars {
                if scalar == "|" { escaped.append("\\") }
                escaped.append(scalar)
            }
            return String(escaped)
        }.joined(separator: "|")
    }

    /// Decodes one value; `nil` (with the reason) on an unknown escape.
    static func decode(_ text: Substring) throws(DecodeError) -> String {
        try decodeItems(text, splitOnBar: false)[0]
    }

    /// Decodes a `|`-separated list; an empty value is an empty list.
    static func decodeList(_ text: Substring) throws(DecodeError) -> [String] {
        text.isEmpty ? [] : try decodeItems(text, splitOnBar: true)
    }

    struct DecodeError: Error { var message: String }

    private static func decodeItems(_ text: Substring, splitOnBar: Bool) throws(DecodeError) -> [String] {
        var items: [String] = []
        var current = ""
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                switch scalar {
                case "\\": current += "\\"
                case "t": current += "\t"
                case "n": current += "\n"
                case "r": current += "\r"
                case "|": current += "|"
                default: throw DecodeError(message: "unknown escape `\\\(scalar)` (use \\\\ for a backslash)")
                }
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else if scalar == "|" && splitOnBar {
                items.append(current)
                current = ""
            } else {
                current.unicodeScalars.append(scalar)
            }
        }
        if escaping { throw DecodeError(message: "a value ends in a lone backslash (use \\\\)") }
        items.append(current)
        return items
    }
}
