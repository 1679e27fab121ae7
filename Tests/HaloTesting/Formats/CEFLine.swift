/// A CEF line read back by the rules of ArcSight's CEF spec and the contract in docs/cef-line.md
/// (written for the tests, independently of the formatter): seven `|`-separated header fields, then
/// `key=value` pairs where a key is a run of `[A-Za-z0-9_]` before an unescaped `=`, and a value runs to
/// the space before the next key. Works on Unicode scalars, so a combining mark after a `|` or `=` cannot
/// hide it; an unknown escape, a raw control character or a key given twice is an error.
public struct CEFLine {
    /// `CEF:0`, vendor, product, version, signature id (the SID), name, severity, with escapes undone.
    public var header: [String]
    /// Extension keys and their values, with escapes undone, in line order.
    public var extensions: [(key: String, value: String)]

    /// The device version (header field 4).
    public var version: String { header[3] }
    /// The signature id: the SID (header field 5).
    public var signatureID: String { header[4] }
    /// The event name (header field 6).
    public var name: String { header[5] }
    /// The severity (header field 7).
    public var severity: String { header[6] }

    /// The value of extension key `key`.
    public subscript(key: String) -> String? { extensions.first { $0.key == key }?.value }
    /// The extension keys in line order.
    public var keys: [String] { extensions.map(\.key) }

    /// Parses `line`, which must start with `CEF:`.
    public init(parsing line: String) throws {
        guard line.hasPrefix("CEF:") else { throw Unescape.Failure(description: "not CEF: \(line.prefix(80))") }
        let text = Substring(line)
        let pipes = Unescape.unescapedIndices(of: "|", in: text)
        guard pipes.count >= 7 else { throw Unescape.Failure(description: "CEF header has \(pipes.count) pipes") }
        var header: [String] = []
        var start = text.startIndex
        for pipe in pipes.prefix(7) {
            header.append(try Unescape.decode(text[start..<pipe], delimiters: ["|"], asciiOnly: true))
            start = text.unicodeScalars.index(after: pipe)
        }
        self.header = header
        let body = text[start...]
        // Any `|` after the seventh is extension text, where CEF does not escape it.
        let equals = Unescape.unescapedIndices(of: "=", in: body)
        var keys: [(key: String, keyStart: Substring.Index, valueStart: Substring.Index)] = []
        for eq in equals {
            var keyStart = eq
            while keyStart > body.startIndex {
                let before = body.unicodeScalars.index(before: keyStart)
                let scalar = body.unicodeScalars[before]
                guard scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" else { break }
                keyStart = before
            }
            guard keyStart < eq else { throw Unescape.Failure(description: "unescaped = without a key in \(body.prefix(200))") }
            if keyStart > body.startIndex, body.unicodeScalars[body.unicodeScalars.index(before: keyStart)] != " " {
                throw Unescape.Failure(description: "key not preceded by a space in \(body.prefix(200))")
            }
            let key = String(body[keyStart..<eq])
            guard !keys.contains(where: { $0.key == key }) else { throw Unescape.Failure(description: "key \(key) twice in \(body.prefix(200))") }
            keys.append((key, keyStart, body.unicodeScalars.index(after: eq)))
        }
        guard keys.first?.keyStart == body.startIndex || body.isEmpty else {
            throw Unescape.Failure(description: "extension does not start with a key")
        }
        var extensions: [(key: String, value: String)] = []
        for (n, key) in keys.enumerated() {
            let end = n + 1 < keys.count ? body.unicodeScalars.index(before: keys[n + 1].keyStart) : body.endIndex
            extensions.append((key.key, try Unescape.decode(body[key.valueStart..<end], delimiters: ["="], asciiOnly: true)))
        }
        self.extensions = extensions
    }
}
