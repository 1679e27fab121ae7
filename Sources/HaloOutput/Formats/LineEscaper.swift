/// The backslash escaping shared by every line format.
///
/// `\` and the format's own delimiter (if any) are written with a `\` before them; LF, CR and TAB become
/// `\n`, `\r` and `\t`; every other control character (U+0000–U+001F, U+007F, U+0085, U+2028, U+2029)
/// becomes `\uXXXX` with four lower-case hex digits. The result never holds a line break or any other
/// control character, and its only unescaped delimiters are the ones the format writes around it.
///
/// An ASCII-only escaper (the CEF line's) also writes every other non-ASCII character as `\uXXXX`, or
/// `\UXXXXXXXX` above U+FFFF: its output is plain ASCII, so it reads the same under every encoding a
/// reader may assume (ossim-agent's default latin1 splits a UTF-8 line at the byte 0x85 inside `х`, `Å`, `م`…).
///
/// Values that need no escaping (the vast majority) are found by a scan of their UTF-8 bytes, eight at
/// a time, and copied whole.
struct LineEscaper: Sendable {
    /// The ASCII delimiter written as `\` + itself, besides `\`.
    private let delimiter: UInt8?
    /// `delimiter` repeated in every byte of a word (or `\` again when there is none).
    private let delimiterWord: UInt64
    /// Whether every non-ASCII character is escaped too.
    private let asciiOnly: Bool

    /// An escaper for a format whose own delimiter inside values is `delimiter` (`=`, `|`, `"`), or
    /// `nil` when `\` and control characters are all it needs to escape; `asciiOnly` escapes every non-ASCII
    /// character as well.
    init(delimiter: Unicode.Scalar?, asciiOnly: Bool = false) {
        self.asciiOnly = asciiOnly
        if let delimiter {
            precondition(delimiter.value > 0x20 && delimiter.value < 0x7F, "a delimiter is printable ASCII")
            self.delimiter = UInt8(delimiter.value)
        } else {
            self.delimiter = nil
        }
        delimiterWord = UInt64(self.delimiter ?? UInt8(ascii: "\\")) &* 0x0101_0101_0101_0101
    }

    /// `value`, escaped, as a string of its own: for text escaped once and kept (the fixed start of a header).
    func escaped(_ value: String) -> String {
        var out = LineBuffer(capacity: value.utf8.count + 16)
        append(value, to: &out)
        var text = ""
        out.write(to: &text)
        return text
    }

    /// Appends `value`, escaped, to `out`.
    @inline(__always)
    func append(_ value: String, to out: inout LineBuffer) {
        value.withUTF8Bytes { append($0, to: &out) }
    }

    /// Appends the UTF-8 `bytes`, escaped, to `out`.
    func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout LineBuffer) {
        var i = firstCandidate(in: bytes, from: 0)
        var runStart = 0
        while i < bytes.count {
            let length = escapeLength(bytes, at: i)
            if length == 0 {
                i = firstCandidate(in: bytes, from: i + 1)
                continue
            }
            out.append(UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
            writeEscape(bytes, at: i, length: length, to: &out)
            i += length
            runStart = i
            i = firstCandidate(in: bytes, from: i)
        }
        out.append(UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }

    /// The index of the first byte at or after `start` that may need escaping (`bytes.count` when none):
    /// a control byte, DEL, `\`, the delimiter, or any byte of a multi-byte sequence.
    @inline(__always)
    private func firstCandidate(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            // Eight bytes at a time: a word with no candidate byte is skipped whole.
            while i + 8 <= bytes.count, !hasCandidate(base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { i += 8 }
            // Fewer than eight bytes left: the word that ends the text clears them at once when it holds no
            // candidate.
            if i < bytes.count, i + 8 > bytes.count, bytes.count >= 8, !hasCandidate(base.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)) {
                return bytes.count
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x20 || b >= 0x7F || b == 0x5C || b == delimiter { return i }
            i += 1
        }
        return i
    }

    /// Whether one of the eight bytes of `w` is a control byte, DEL, `\`, the delimiter, or above 0x7F.
    @inline(__always)
    private func hasCandidate(_ w: UInt64) -> Bool {
        let atLeastDEL = w | (w &+ Self.ones)  // high bit: byte ≥ 0x7F
        let belowSpace = (w &- Self.ones &* 0x20) & ~w  // high bit (for the lowest such byte): byte < 0x20
        let candidates = atLeastDEL | belowSpace | Self.zeroBytes(w ^ Self.backslashes) | Self.zeroBytes(w ^ delimiterWord)
        return candidates & Self.highBits != 0
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let backslashes: UInt64 = 0x5C5C_5C5C_5C5C_5C5C

    /// High bit set in (at least the lowest) zero byte of `x`.
    @inline(__always)
    private static func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x }

    /// How many bytes at `i` form one escaped unit (0 when the byte is written as it is).
    @inline(__always)
    private func escapeLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b = bytes[i]
        if b < 0x20 || b == 0x7F || b == 0x5C || b == delimiter { return 1 }
        if asciiOnly, b >= 0x80 { return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2 }  // Swift strings are valid UTF-8
        if b == 0xC2 { return i + 1 < bytes.count && bytes[i + 1] == 0x85 ? 2 : 0 }
        if b == 0xE2 {
            return i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9) ? 3 : 0
        }
        return 0
    }

    /// Writes the escape of the unit of `length` bytes at `i`.
    @inline(__always)
    private func writeEscape(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, length: Int, to out: inout LineBuffer) {
        let b = bytes[i]
        switch b {
        case 0x5C: out.append(0x5C, 0x5C)
        case 0x0A: out.append(0x5C, UInt8(ascii: "n"))
        case 0x0D: out.append(0x5C, UInt8(ascii: "r"))
        case 0x09: out.append(0x5C, UInt8(ascii: "t"))
        case delimiter: out.append(0x5C, b)
        default:
            out.appendUnicodeEscape(Self.scalar(bytes, at: i, length: length))
        }
    }

    /// The scalar of the valid UTF-8 sequence of `length` bytes at `i`.
    @inline(__always)
    private static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> UInt32 {
        guard length > 1 else { return UInt32(bytes[i]) }
        var value = UInt32(bytes[i]) & (0x7F >> UInt32(length))
        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return value
    }
}
