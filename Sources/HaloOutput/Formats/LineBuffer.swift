/// The UTF-8 bytes of one line while a formatter builds it, appended to the caller's `String` in one step
/// at the end: many small appends into raw memory cost far less than as many `String` appends.
struct LineBuffer: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The number of bytes written so far.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    /// Appends text the format writes itself (delimiters, keys, numbers): never escaped.
    @inline(__always)
    mutating func append(_ text: String) {
        text.withUTF8Bytes { append($0) }
    }

    @inline(__always)
    mutating func append(_ raw: UnsafeBufferPointer<UInt8>) {
        guard let source = raw.baseAddress else { return }
        reserve(raw.count)
        (start + count).update(from: source, count: raw.count)
        count += raw.count
    }

    /// Appends a copy of the bytes at `range`, written earlier to this buffer.
    @inline(__always)
    mutating func appendCopy(of range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "a range of the bytes written")
        reserve(range.count)
        (start + count).initialize(from: start + range.lowerBound, count: range.count)
        count += range.count
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        start[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ a: UInt8, _ b: UInt8) {
        reserve(2)
        start[count] = a
        start[count + 1] = b
        count += 2
    }

    /// Appends `value` in decimal.
    mutating func append(decimal value: Int) {
        reserve(20)
        if value < 0 {
            start[count] = UInt8(ascii: "-")
            count += 1
        }
        var v = value.magnitude
        var digits = 1
        var limit: UInt = 10
        while v >= limit, digits < 19 {
            digits += 1
            limit &*= 10
        }
        if v >= limit { digits += 1 }
        var k = count + digits
        while k > count {
            k -= 1
            start[k] = 0x30 + UInt8(v % 10)
            v /= 10
        }
        count += digits
    }

    /// Appends `\uXXXX` with four lower-case hex digits, or `\UXXXXXXXX` with eight for a scalar above U+FFFF.
    mutating func appendUnicodeEscape(_ scalar: UInt32) {
        let digits = scalar > 0xFFFF ? 8 : 4
        reserve(2 + digits)
        start[count] = 0x5C
        start[count + 1] = digits == 8 ? UInt8(ascii: "U") : UInt8(ascii: "u")
        for k in 0..<digits {
            let d = UInt8(truncatingIfNeeded: (scalar >> UInt32(4 * (digits - 1 - k))) & 0xF)
            start[count + 2 + k] = d < 10 ? 0x30 + d : 0x57 + d
        }
        count += 2 + digits
    }

    /// Calls `body` with the bytes at `range`, written earlier to this buffer.
    func withBytes<Result>(in range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "a range of the bytes written")
        return body(UnsafeBufferPointer(start: start + range.lowerBound, count: range.count))
    }

    /// Appends the bytes from `offset` on (all by default) to `line`.
    func write(from offset: Int = 0, to line: inout String) {
        line += String(decoding: UnsafeBufferPointer(start: start + offset, count: count - offset), as: UTF8.self)
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(capacity * 2, count + extra))
        grown.initialize(from: start, count: count)
        start.deallocate()
        start = grown
        capacity = max(capacity * 2, count + extra)
    }
}
