/// A `key="value"` line read back (written for the tests, independently of the formatter).
public struct KeyValueLine {
    /// The pairs, with escapes undone, in line order.
    public var pairs: [(key: String, value: String)]

    /// Parses `line`.
    public init(parsing line: String) throws {
        var pairs: [(key: String, value: String)] = []
        var rest = Substring(line)
        while !rest.isEmpty {
            guard let eq = rest.firstIndex(of: "=") else { throw Unescape.Failure(description: "no = in \(rest.prefix(80))") }
            let key = String(rest[..<eq])
            guard !key.isEmpty, !key.contains(" "), !key.contains("\"") else { throw Unescape.Failure(description: "bad key \(key)") }
            var scalars = rest[rest.index(after: eq)...].unicodeScalars
            guard scalars.first == "\"" else { throw Unescape.Failure(description: "value of \(key) not quoted") }
            scalars = scalars.dropFirst()
            // The closing quote is the first one not escaped.
            var index = scalars.startIndex
            while index < scalars.endIndex, scalars[index] != "\"" {
                if scalars[index] == "\\" { index = scalars.index(after: index) }
                guard index < scalars.endIndex else { break }
                index = scalars.index(after: index)
            }
            guard index < scalars.endIndex else { throw Unescape.Failure(description: "unterminated value of \(key)") }
            let value = try Unescape.decode(Substring(scalars[scalars.startIndex..<index]), delimiters: ["\""])
            pairs.append((key, value))
            rest = Substring(scalars[scalars.index(after: index)...])
            if !rest.isEmpty {
                guard rest.first == " " else { throw Unescape.Failure(description: "pairs not separated by one space") }
                rest = rest.dropFirst()
            }
        }
        self.pairs = pairs
    }
}
