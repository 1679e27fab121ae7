import HaloPlatform
import Synchronization

/// Local times of the tz database's zones (`Europe/Madrid`, `UTC`), converted by the C library from the
/// system's zone files (`/usr/share/zoneinfo`, or `$TZDIR`), the files the agent's Python reads too.
public enum ZoneTime {
    /// Whether `name` names a zone: `UTC`, `GMT`, or a zone file of the tz database.
    public static func isKnown(_ name: String) -> Bool {
        if name == "UTC" || name == "GMT" { return true }
        guard !name.isEmpty, !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else { return false }
        let directory = getenv("TZDIR").map { String(cString: $0) } ?? "/usr/share/zoneinfo"
        let fd = open(Path.appending(name, to: directory), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var magic = [UInt8](repeating: 0, count: 4)
        return read(fd, &magic, 4) == 4 && magic == Array("TZif".utf8)
    }

    /// `YYYY-MM-DD HH:MM:SS` as wall-clock time in `zone`, as the same text in UTC; `nil` when the fields are out
    /// of range or that time does not exist there (skipped by a change to summer time). A time that happens twice
    /// (the hour after summer time ends) is the earlier of the two.
    static func utc(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, in zone: String) -> String? {
        var wanted = tm()
        wanted.tm_year = Int32(clamping: year - 1900)
        wanted.tm_mon = Int32(clamping: month - 1)
        wanted.tm_mday = Int32(clamping: day)
        wanted.tm_hour = Int32(clamping: hour)
        wanted.tm_min = Int32(clamping: minute)
        wanted.tm_sec = Int32(clamping: second)
        func same(_ t: tm) -> Bool {
            (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
                == (wanted.tm_year, wanted.tm_mon, wanted.tm_mday, wanted.tm_hour, wanted.tm_min, wanted.tm_sec)
        }
        let instant: time_t?
        if zone == "UTC" || zone == "GMT" {
            var fields = wanted
            let t = timegm(&fields)
            instant = same(fields) ? t : nil
        } else {
            instant = inZone(zone) {
                // Both readings (standard and summer time) that give back the same wall-clock time; the earlier.
                [0, 1].compactMap { (isDST: Int32) -> time_t? in
                    var fields = wanted
                    fields.tm_isdst = isDST
                    var t = mktime(&fields)
                    var back = tm()
                    guard localtime_r(&t, &back) != nil, same(back) else { return nil }
                    return t
                }.min()
            }
        }
        guard var t = instant else { return nil }
        var c = tm()
        guard gmtime_r(&t, &c) != nil else { return nil }
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : String(v) }
        return "\(Int(c.tm_year) + 1900)-\(two(c.tm_mon + 1))-\(two(c.tm_mday)) \(two(c.tm_hour)):\(two(c.tm_min)):\(two(c.tm_sec))"
    }

    /// The C library reads the zone from `TZ`, which is process-wide: one conversion at a time, `TZ` restored after.
    private static let lock = Mutex(())

    private static func inZone<T>(_ zone: String, _ body: () -> T) -> T {
        lock.withLock { _ in
            let saved = getenv("TZ").map { String(cString: $0) }
            setenv("TZ", ":" + zone, 1)
            tzset()
            defer {
                if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
                tzset()
            }
            return body()
        }
    }
}
