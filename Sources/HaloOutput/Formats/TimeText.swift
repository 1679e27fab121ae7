import HaloModel
import HaloPlatform

/// Dates spelled the ways the formats and syslog headers want them.
enum TimeText {
    private static let months: [StaticString] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// Now, from the system clock.
    static func now() -> HaloTimestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return HaloTimestamp(microseconds: Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000)
    }

    /// Appends `t` in UTC as CEF's `rt` form, `MMM dd yyyy HH:mm:ss` (e.g. `Aug 22 2016 16:24:30`).
    static func appendCEF(_ t: HaloTimestamp, to out: inout LineBuffer) {
        let c = t.civil
        appendMonth(c.month, to: &out)
        out.append(0x20)
        appendTwoDigits(c.day, to: &out)
        out.append(0x20)
        appendYear(c.year, to: &out)
        out.append(0x20)
        appendClock(c.hour, c.minute, c.second, to: &out)
    }

    /// `t` in local time as glibc's `syslog()` and RFC 3164 write it: `MMM dd HH:mm:ss`, the day padded with a
    /// space (`Aug  2 16:24:30`).
    static func rfc3164(_ t: HaloTimestamp) -> String {
        var seconds = time_t(t.microseconds / 1_000_000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        var out = LineBuffer(capacity: 16)
        appendMonth(Int(parts.tm_mon) + 1, to: &out)
        out.append(0x20)
        let day = Int(parts.tm_mday)
        if day < 10 { out.append(0x20) }
        out.append(decimal: day)
        out.append(0x20)
        appendClock(Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), to: &out)
        var text = ""
        out.write(to: &text)
        return text
    }

    /// Appends `HH:mm:ss`.
    private static func appendClock(_ hour: Int, _ minute: Int, _ second: Int, to out: inout LineBuffer) {
        appendTwoDigits(hour, to: &out)
        out.append(UInt8(ascii: ":"))
        appendTwoDigits(minute, to: &out)
        out.append(UInt8(ascii: ":"))
        appendTwoDigits(second, to: &out)
    }

    /// Appends `yyyy`: the year in decimal, zeros in front up to four characters (also for years before 1000).
    private static func appendYear(_ year: Int, to out: inout LineBuffer) {
        var length = year < 0 ? 2 : 1
        var rest = year.magnitude
        while rest >= 10 {
            rest /= 10
            length += 1
        }
        for _ in min(length, 4)..<4 { out.append(0x30) }
        out.append(decimal: year)
    }

    private static func appendTwoDigits(_ value: Int, to out: inout LineBuffer) {
        out.append(0x30 + UInt8(value / 10 % 10), 0x30 + UInt8(value % 10))
    }

    private static func appendMonth(_ month: Int, to out: inout LineBuffer) {
        months[month - 1].withUTF8Buffer { out.append($0) }
    }
}
