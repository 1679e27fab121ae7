/// What the plugin's custom functions (``PluginFunctions``) make of a CEF value, in Swift: the tester's copy of
/// `halo_text` and `halo_date` (a test runs the Python file against it).
enum CEFValue {
    /// `halo_text`: the value without the line's own end (`\r`, `\n` at its end: a value never holds them
    /// raw), with `\\`, `\=`, `\|`, `\n`, `\r`, `\t`, `\uXXXX` and `\UXXXXXXXX` undone; any other `\x` is `x`.
    static func decoded(_ value: String) -> String {
        var scalars = Array(value.unicodeScalars)
        while let last = scalars.last, last == "\n" || last == "\r" { scalars.removeLast() }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            guard c == "\\", i + 1 < scalars.count, scalars[i + 1] != "\n" else {
                out.append(c)
                i += 1
                continue
            }
            let next = scalars[i + 1]
            if let (scalar, length) = hexEscape(scalars, at: i) {
                out.append(scalar)
                i += length
                continue
            }
            switch next {
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            default: out.append(next)
            }
            i += 2
        }
        return String(out)
    }

    /// The scalar of a `\uXXXX` or `\UXXXXXXXX` escape at `i`, and the escape's length.
    private static func hexEscape(_ scalars: [Unicode.Scalar], at i: Int) -> (Unicode.Scalar, Int)? {
        let digits = scalars[i + 1] == "u" ? 4 : scalars[i + 1] == "U" ? 8 : 0
        let hex = scalars[(i + 2)...].prefix(digits)
        guard digits > 0, hex.count == digits, hex.allSatisfy(\.properties.isASCIIHexDigit),
              let scalar = UInt32(String(String.UnicodeScalarView(hex)), radix: 16).flatMap(Unicode.Scalar.init)
        else { return nil }
        return (scalar, 2 + digits)
    }

    /// `halo_date`: CEF `rt` (`Aug 22 2016 16:24:30`) as `2016-08-22 16:24:30`; anything else as it is.
    static func date(_ value: String) -> String {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let words = value.split(whereSeparator: { $0.isWhitespace })
        guard words.count == 4, let month = months.firstIndex(of: words[0].lowercased()),
              words[1].allSatisfy(\.isASCIIDigit), words[2].allSatisfy(\.isASCIIDigit), !words[1].isEmpty, !words[2].isEmpty
        else { return value }
        func padded(_ text: some StringProtocol, _ width: Int) -> String { String(repeating: "0", count: max(0, width - text.count)) + text }
        return padded(words[2], 4) + "-" + padded(String(month + 1), 2) + "-" + padded(words[1], 2) + " " + words[3]
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
