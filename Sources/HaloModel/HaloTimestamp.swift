/// A point in time with microsecond precision, as Halo's `created_at` carries it
/// (milliseconds in current events, microseconds in old ones).
///
/// Comparable and exact: ordering and checkpoints never go through floating point.
public struct HaloTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    public init(secondsSince1970 seconds: Double) {
        self.microseconds = Int64((seconds * 1_000_000).rounded())
    }

    public static func < (a: HaloTimestamp, b: HaloTimestamp) -> Bool { a.microseconds < b.microseconds }

    /// Seconds since the epoch, for arithmetic with wall-clock time.
    public var secondsSince1970: Double { Double(microseconds) / 1_000_000 }

    public func adding(microseconds delta: Int64) -> HaloTimestamp {
        HaloTimestamp(microseconds: microseconds + delta)
    }

    public func adding(seconds delta: Double) -> HaloTimestamp {
        HaloTimestamp(microseconds: microseconds + Int64((delta * 1_000_000).rounded()))
    }

    /// ISO-8601 in UTC with six fractional digits: `2016-08-22T16:24:30.726000Z`.
    public var description: String { iso8601(fractionDigits: 6) }

    /// ISO-8601 in UTC with 0, 3 or 6 fractional digits.
    public func iso8601(fractionDigits: Int) -> String {
        let micros = ((microseconds % 1_000_000) + 1_000_000) % 1_000_000
        let seconds = (microseconds - micros) / 1_000_000
        let c = CivilTime(secondsSince1970: seconds)
        if (0...9999).contains(c.year) { return HaloTimestamp.iso8601Digits(c, micros: micros, fractionDigits: fractionDigits) }
        var s = pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2) + "T"
        s += pad(c.hour, 2) + ":" + pad(c.minute, 2) + ":" + pad(c.second, 2)
        switch fractionDigits {
        case 0: break
        case 3: s += "." + pad(micros / 1000, 3)
        default: s += "." + pad(micros, 6)
        }
        return s + "Z"
    }

    /// ``iso8601(fractionDigits:)`` for a four-digit year, written digit by digit into the string's storage
    /// (checkpoints write one timestamp per id they keep: tens of thousands per batch).
    private static func iso8601Digits(_ c: CivilTime, micros: Int64, fractionDigits: Int) -> String {
        let fraction = fractionDigits == 0 ? 0 : fractionDigits == 3 ? 3 : 6
        return String(unsafeUninitializedCapacity: 20 + (fraction == 0 ? 0 : fraction + 1)) { out in
            var i = 0
            func put(_ value: Int64, _ width: Int) {
                var v = value
                for k in stride(from: width - 1, through: 0, by: -1) {
                    out[i + k] = 0x30 + UInt8(v % 10)
                    v /= 10
                }
                i += width
            }
            func put(_ byte: UInt8) {
                out[i] = byte
                i += 1
            }
            put(Int64(c.year), 4); put(UInt8(ascii: "-")); put(Int64(c.month), 2); put(UInt8(ascii: "-")); put(Int64(c.day), 2)
            put(UInt8(ascii: "T")); put(Int64(c.hour), 2); put(UInt8(ascii: ":")); put(Int64(c.minute), 2)
            put(UInt8(ascii: ":")); put(Int64(c.second), 2)
            if fraction > 0 {
                put(UInt8(ascii: "."))
                put(fraction == 3 ? micros / 1000 : micros, fraction)
            }
            put(UInt8(ascii: "Z"))
            return i
        }
    }

    /// The parts of the date in UTC (for formats that spell dates their own way).
    public var civil: CivilTime {
        let micros = ((microseconds % 1_000_000) + 1_000_000) % 1_000_000
        return CivilTime(secondsSince1970: (microseconds - micros) / 1_000_000)
    }

    /// Parses ISO-8601 as Halo and users write it: `2016-08-22T16:24:30.726Z`, `…30.828169Z`,
    /// `…30Z`, `…30+02:00`, `2016-08-22 16:24:30`, and a bare date `2016-08-22` (midnight UTC).
    /// A missing zone means UTC. Returns `nil` for anything else, including impossible dates and instants
    /// outside the years 0001-9999 UTC (which ``description`` could not write back in four digits).
    public init?(iso8601 text: some StringProtocol) {
        self.init(iso8601: String(text))
    }

    /// Parses ISO-8601 as the initializer above does, reading a native string's bytes in place.
    public init?(iso8601 text: String) {
        guard let micros = text.withUTF8Bytes({ HaloTimestamp.parse(ASCIIScanner($0)) }), HaloTimestamp.writable.contains(micros) else { return nil }
        self.microseconds = micros
    }

    /// 0001-01-01T00:00:00Z ... 9999-12-31T23:59:59.999999Z: the instants ISO-8601 writes with a four-digit year.
    static let writable: ClosedRange<Int64> = -62_135_596_800_000_000...253_402_300_799_999_999

    private static func parse(_ scanner: ASCIIScanner) -> Int64? {
        var p = scanner
        guard let year = p.digits(4), p.take(UInt8(ascii: "-")),
              let month = p.digits(2), p.take(UInt8(ascii: "-")),
              let day = p.digits(2)
        else { return nil }
        var hour = 0, minute = 0, second = 0
        var micros: Int64 = 0
        var offsetSeconds = 0
        if !p.atEnd {
            guard p.take(UInt8(ascii: "T")) || p.take(UInt8(ascii: "t")) || p.take(UInt8(ascii: " ")),
                  let h = p.digits(2), p.take(UInt8(ascii: ":")), let m = p.digits(2)
            else { return nil }
            hour = h; minute = m
            if p.take(UInt8(ascii: ":")) {
                guard let s = p.digits(2) else { return nil }
                second = s
                if p.take(UInt8(ascii: ".")) || p.take(UInt8(ascii: ",")) {
                    var count = 0
                    while let d = p.digit() {
                        if count < 6 { micros = micros * 10 + Int64(d) }
                        count += 1
                    }
                    guard count > 0 else { return nil }
                    for _ in min(count, 6)..<6 { micros *= 10 }
                }
            }
            if p.take(UInt8(ascii: "Z")) || p.take(UInt8(ascii: "z")) {
            } else if let sign = p.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                p.advance()
                guard let oh = p.digits(2) else { return nil }
                _ = p.take(UInt8(ascii: ":"))
                guard let om = p.digits(2), oh < 24, om < 60 else { return nil }
                offsetSeconds = (oh * 3600 + om * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
            }
            guard p.atEnd else { return nil }
        }
        guard (1...12).contains(month), day >= 1, day <= CivilTime.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 61
        else { return nil }
        let days = CivilTime.daysFromCivil(year: year, month: month, day: day)
        let secs = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return secs * 1_000_000 + micros
    }
}

/// A UTC calendar date and time of day.
public struct CivilTime: Sendable, Hashable {
    public var year, month, day, hour, minute, second: Int

    init(secondsSince1970 s: Int64) {
        var days = s / 86_400
        var rem = s % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        hour = Int(rem / 3600); minute = Int(rem % 3600 / 60); second = Int(rem % 60)
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = Int(doy - (153 * mp + 2) / 5 + 1)
        month = Int(mp < 10 ? mp + 3 : mp - 9)
        year = Int(yoe + era * 400) + (month <= 2 ? 1 : 0)
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Three-letter English month name, as syslog and `normalize_date` spell it.
    public var monthAbbreviation: String {
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]
    }
}

func pad(_ value: some BinaryInteger, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// A cursor over ASCII bytes for small hand-checked grammars (timestamps).
struct ASCIIScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }
    var atEnd: Bool { index == bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    mutating func advance() { index += 1 }
    mutating func take(_ b: UInt8) -> Bool {
        guard peek == b else { return false }
        index += 1
        return true
    }
    mutating func digit() -> Int? {
        guard let b = peek, b >= 48, b <= 57 else { return nil }
        index += 1
        return Int(b - 48)
    }
    mutating func digits(_ n: Int) -> Int? {
        var v = 0
        for _ in 0..<n {
            guard let d = digit() else { return nil }
            v = v * 10 + d
        }
        return v
    }
}
