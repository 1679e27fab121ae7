/// A CEF line parsed back, per the contract in docs/cef-line.md: seven header fields separated by
/// unescaped `|`, then the extension, where an unescaped `=` only ever follows a key. Works on Unicode
/// scalars, not characters, so a combining mark after a `|` or `=` cannot hide it.
struct CEFLine {
    /// `CEF:0`, vendor, product, version, SID, name, severity, with escapes undone.
    var header: [String]
    /// Extension keys and their values, with escapes undone.
    var extensions: [String: String]
    /// The extension keys in line order.
    var keys: [String]

    var sid: String { header[4] }

    struct ParseError: Error, CustomStringConvertible { var description: String }

    init(_ line: Substring) throws {
        guard let start = line.range(of: "CEF:0|") else { throw ParseError(description: "no CEF:0| in \(line.prefix(120))") }
        let text = Array(line[start.lowerBound...].unicodeScalars)
        // Header: split on unescaped `|` seven times.
        var fields: [String] = []
        var current = String.UnicodeScalarView()
        var i = 0
        while fields.count < 7 {
            guard i < text.count else { throw ParseError(description: "CEF header cut short: \(line.prefix(200))") }
            let c = text[i]
            if c == "\\", i + 1 < text.count {
                current.append(text[i + 1])
                i += 2
                continue
            }
            if c == "|" {
                fields.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(c)
            }
            i += 1
        }
        header = fields
        // Extension: find every unescaped `=`; the key is the word just before it.
        let ext = Array(text[i...])
        var equals: [(key: String, keyStart: Int, valueStart: Int)] = []
        var j = 0
        while j < ext.count {
            if ext[j] == "\\" { j += 2; continue }
            if ext[j] == "=" {
                var k = j
                while k > 0, ext[k - 1] != " " { k -= 1 }
                equals.append((String(String.UnicodeScalarView(ext[k..<j])), k, j + 1))
            }
            j += 1
        }
        var values: [String: String] = [:]
        var order: [String] = []
        for (n, entry) in equals.enumerated() {
            let end = n + 1 < equals.count ? equals[n + 1].keyStart - 1 : ext.count
            guard entry.valueStart <= end else { throw ParseError(description: "empty value for \(entry.key)") }
            guard values[entry.key] == nil else { throw ParseError(description: "key \(entry.key) twice in \(line.prefix(200))") }
            values[entry.key] = CEFLine.unescape(ext[entry.valueStart..<end])
            order.append(entry.key)
        }
        extensions = values
        keys = order
    }

    private static func unescape(_ chars: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        var i = chars.startIndex
        while i < chars.endIndex {
            let c = chars[i]
            guard c == "\\", i + 1 < chars.endIndex else { out.append(c); i += 1; continue }
            let next = chars[i + 1]
            switch next {
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "u":
                let hex = String(String.UnicodeScalarView(chars[(i + 2)..<min(i + 6, chars.endIndex)]))
                if let scalar = UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) {
                    out.append(scalar)
                    i += 6
                    continue
                }
                out.append(next)
            default: out.append(next)
            }
            i += 2
        }
        return String(out)
    }
}
