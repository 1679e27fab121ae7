/// A LEEF 1.0 line read back (written for the tests, independently of the formatter): five `|`-separated
/// header fields, then TAB-separated attributes split at their first unescaped `=`.
public struct LEEFLine {
    /// `LEEF:1.0`, vendor, product, version, event id, with escapes undone.
    public var header: [String]
    /// The TAB-separated attributes, with escapes undone, in line order.
    public var attributes: [(key: String, value: String)]

    /// The value of attribute `key`.
    public subscript(key: String) -> String? { attributes.first { $0.key == key }?.value }

    /// Parses `line`.
    public init(parsing line: String) throws {
        guard line.hasPrefix("LEEF:1.0|") else { throw Unescape.Failure(description: "not LEEF 1.0: \(line.prefix(80))") }
        let text = Substring(line)
        let pipes = Unescape.unescapedIndices(of: "|", in: text)
        guard pipes.count >= 5 else { throw Unescape.Failure(description: "LEEF header has \(pipes.count) pipes") }
        var header: [String] = []
        var start = text.startIndex
        for pipe in pipes.prefix(5) {
            header.append(try Unescape.decode(text[start..<pipe], delimiters: ["|"]))
            start = text.unicodeScalars.index(after: pipe)
        }
        self.header = header
        var attributes: [(key: String, value: String)] = []
        for attribute in text[start...].split(separator: "\t", omittingEmptySubsequences: false) {
            guard let eq = Unescape.unescapedIndices(of: "=", in: attribute).first else {
                throw Unescape.Failure(description: "attribute without = : \(attribute.prefix(80))")
            }
            let key = try Unescape.decode(attribute[..<eq], delimiters: ["="])
            let value = try Unescape.decode(attribute[attribute.unicodeScalars.index(after: eq)...], delimiters: [])
            attributes.append((key, value))
        }
        self.attributes = attributes
    }
}
