/// A strict JSON reader (RFC 8259) from UTF-8 bytes straight to ``JSONValue``: the connector's decoder of
/// event pages, about five times faster than `JSONDecoder` through `Decodable` (which pays for a coding
/// path, a container and a failed type probe per value).
///
/// It gives the same values as ``JSONValue``'s `Decodable` conformance under `JSONDecoder`: in an object the
/// first of duplicate keys wins; a number without fraction or exponent that fits `Int64`, or any number
/// whose value is a whole `Int64` (`1.0`, `1e2`), is ``JSONValue/int(_:)``, every other one
/// ``JSONValue/double(_:)``. It refuses what `JSONDecoder` refuses (invalid UTF-8, a lone surrogate escape,
/// a raw control character in a string, a number out of `Double`'s range, text after the value) and also
/// the trailing commas `JSONDecoder` lets through.
public struct JSONReader: ~Copyable {
    /// Why a text is not JSON, and the byte offset where reading stopped.
    public struct Failure: Error, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    /// Nesting deeper than this is refused (no event comes near it; it bounds the recursion).
    public static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The value of the JSON text `bytes` (white space around it allowed, nothing else).
    public static func value(of bytes: UnsafeRawBufferPointer) throws(Failure) -> JSONValue {
        var reader = JSONReader(bytes.bindMemory(to: UInt8.self))
        if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }  // a byte-order mark, as JSONDecoder allows
        let value = try reader.readValue()
        reader.skipWhitespace()
        guard reader.index == reader.bytes.count else { throw reader.failure("text after the JSON value") }
        return value
    }

    /// The value of the JSON text `bytes`.
    public static func value(of bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBytes { try value(of: $0) }
    }

    // MARK: - Values

    private mutating func readValue() throws(Failure) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure("the text ends where a value should start") }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw failure("unexpected character")
        }
    }

    private mutating func readObject() throws(Failure) -> JSONValue {
        try enter()
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if take(UInt8(ascii: "}")) {
            depth -= 1
            return .object(members)
        }
        members.reserveCapacity(24)
        repeat {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("an object key must be a string") }
            let key = try readString()
            skipWhitespace()
            guard take(UInt8(ascii: ":")) else { throw failure("':' expected after an object key") }
            let value = try readValue()
            if members[key] == nil { members[key] = value }
            skipWhitespace()
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")) else { throw failure("',' or '}' expected in an object") }
        depth -= 1
        return .object(members)
    }

    private mutating func readArray() throws(Failure) -> JSONValue {
        try enter()
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if take(UInt8(ascii: "]")) {
            depth -= 1
            return .array(items)
        }
        repeat {
            items.append(try readValue())
            skipWhitespace()
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "]")) else { throw failure("',' or ']' expected in an array") }
        depth -= 1
        return .array(items)
    }

    // MARK: - Strings

    /// Reads a string literal (at its opening quote). Runs without escapes are copied whole.
    private mutating func readString() throws(Failure) -> String {
        index += 1
        let start = index
        var bits: UInt8 = 0
        while index < bytes.count {
            let b = bytes[index]
            bits |= b
            if b == UInt8(ascii: "\"") {
                // ASCII needs no validation (nearly every string of an event is ASCII).
                let text = bits < 0x80 ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) : try utf8(start..<index)
                index += 1
                return text
            }
            if b == UInt8(ascii: "\\") { return try readEscapedString(from: start) }
            if b < 0x20 { throw failure("a raw control character in a string (it must be escaped)") }
            index += 1
        }
        throw failure("the text ends inside a string")
    }

    /// The rest of a string that holds escapes, from `start` (just after its opening quote).
    private mutating func readEscapedString(from start: Int) throws(Failure) -> String {
        var text = try utf8(start..<index)
        var runStart = index
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                text += try utf8(runStart..<index)
                index += 1
                return text
            }
            if b < 0x20 { throw failure("a raw control character in a string (it must be escaped)") }
            guard b == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            text += try utf8(runStart..<index)
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): text += "\""
            case UInt8(ascii: "\\"): text += "\\"
            case UInt8(ascii: "/"): text += "/"
            case UInt8(ascii: "b"): text += "\u{08}"
            case UInt8(ascii: "f"): text += "\u{0C}"
            case UInt8(ascii: "n"): text += "\n"
            case UInt8(ascii: "r"): text += "\r"
            case UInt8(ascii: "t"): text += "\t"
            case UInt8(ascii: "u"): text.unicodeScalars.append(try readUnicodeEscape())
            default: throw failure("unknown escape '\\\(Unicode.Scalar(escape))'")
            }
            runStart = index
        }
        throw failure("the text ends inside a string")
    }

    /// The scalar of `\uXXXX` (after the `u`), or of a surrogate pair `\uD83D\uDE00`.
    private mutating func readUnicodeEscape() throws(Failure) -> Unicode.Scalar {
        let first = try readHex4()
        if (0xDC00...0xDFFF).contains(first) { throw failure("a low surrogate escape without a high one") }
        guard (0xD800...0xDBFF).contains(first) else { return Unicode.Scalar(first)! }
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
            throw failure("a high surrogate escape without a low one")
        }
        index += 2
        let second = try readHex4()
        guard (0xDC00...0xDFFF).contains(second) else { throw failure("a high surrogate escape without a low one") }
        return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
    }

    private mutating func readHex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("the text ends inside a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw failure("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// The bytes of `range` as a string; they must be valid UTF-8.
    private func utf8(_ range: Range<Int>) throws(Failure) -> String {
        let run = UnsafeBufferPointer(rebasing: bytes[range])
        let text: String?
        if #available(macOS 15, *) {
            text = String(validating: run, as: UTF8.self)
        } else {
            // Decoding repairs invalid UTF-8, which then no longer reads back as the same bytes.
            let repaired = String(decoding: run, as: UTF8.self)
            text = repaired.utf8.elementsEqual(run) ? repaired : nil
        }
        guard let text else { throw Failure(offset: range.lowerBound, reason: "a string is not valid UTF-8") }
        return text
    }

    // MARK: - Numbers

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private mutating func readNumber() throws(Failure) -> JSONValue {
        let start = index
        _ = take(UInt8(ascii: "-"))
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a digit expected in a number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw failure("a number with a leading zero") }
        } else {
            skipDigits()
        }
        var whole = true
        if take(UInt8(ascii: ".")) {
            whole = false
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a digit expected after '.'") }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            whole = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a digit expected in an exponent") }
            skipDigits()
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if whole, let integer = Int64(text) { return .int(integer) }
        guard let double = Double(text), double.isFinite else {
            throw Failure(offset: start, reason: "the number \(text) is out of range")
        }
        if let integer = Int64(exactly: double) { return .int(integer) }
        return .double(double)
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    // MARK: - Tokens

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Takes `byte` when it is next.
    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func expect(_ word: StaticString) throws(Failure) {
        let length = word.utf8CodeUnitCount
        guard index + length <= bytes.count,
              UnsafeBufferPointer(rebasing: bytes[index..<index + length]).elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: length))
        else { throw failure("unexpected characters") }
        index += length
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("nested more than \(Self.maximumDepth) levels deep") }
    }

    private func failure(_ reason: String) -> Failure { Failure(offset: index, reason: reason) }
}
