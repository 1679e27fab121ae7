/// A CEF line read back by the rules of ArcSight's CEF spec (written for the tests, independently of
/// the formatter): seven `|`-separated header fields, then `key=value` pairs where a key is a run of
/// `[A-Za-z0-9_]` before an unescaped `=`, and a value runs to the space before the next key.
struct CEFLine {
    var header: [String]
    var extensions: [(key: String, value: String)]

    var version: String { header[3] }
    var signatureID: String { header[4] }
    var name: String { header[5] }
    var severity: String { header[6] }

    subscript(key: String) -> String? { extensions.first { $0.key == key }?.value }
    var keys: [String] { extensions.map(\.key) }

    init(parsing line: String) throws {
        guard line.hasPrefix("CEF:") else { throw Unescape.Failure(description: "not CEF: \(line.prefix(80))") }
        let text = Substring(line)
        let pipes = Unescape.unescapedIndices(of: "|", in: text)
        guard pipes.count >= 7 else { throw Unescape.Failure(description: "CEF header has \(pipes.count) pipes") }
        var header: [String] = []
        var start = text.startIndex
        for pipe in pipes.prefix(7) {
            header.append(try Unescape.decode(text[start..<pipe], delimiters: ["|"]))
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
            keys.append((String(body[keyStart..<eq]), keyStart, body.unicodeScalars.index(after: eq)))
        }
        guard keys.first?.keyStart == body.startIndex || body.isEmpty else {
            throw Unescape.Failure(description: "extension does not start with a key")
        }
        var extensions: [(key: String, value: String)] = []
        for (n, key) in keys.enumerated() {
            let end = n + 1 < keys.count ? body.unicodeScalars.index(before: keys[n + 1].keyStart) : body.endIndex
            extensions.append((key.key, try Unescape.decode(body[key.valueStart..<end], delimiters: ["="])))
        }
        self.extensions = extensions
    }
}
