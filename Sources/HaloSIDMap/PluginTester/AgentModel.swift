#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform

/// How the sensor runs the plugin, for the tester: the encoding of its `[plugins]` line, its time zone, its
/// address.
public struct AgentSettings: Sendable {
    /// The encoding the agent reads the plugin and its log with: `utf-8` with the `|utf-8` suffix on the
    /// `[plugins]` line, else `latin1` (the agent's default).
    public enum Encoding: String, Sendable, CaseIterable {
        case utf8 = "utf-8"
        case latin1
    }

    public var encoding: Encoding
    /// The agent's time zone (`[plugin-defaults] tzone`, else `/etc/timezone`): used when the plugin has no
    /// valid `tzone` of its own.
    public var timeZone: String
    /// The sensor's address (`[plugin-defaults] sensor`), which the agent puts in place of loopback addresses.
    public var sensorIP: String

    public init(encoding: Encoding = .utf8, timeZone: String = "UTC", sensorIP: String = "192.0.2.1") {
        self.encoding = encoding
        self.timeZone = timeZone
        self.sensorIP = sensorIP
    }

    /// The log's bytes as the agent's reader decodes them (invalid UTF-8 becomes U+FFFD).
    func decode(_ data: Data) -> String {
        switch encoding {
        case .utf8: return String(decoding: data, as: UTF8.self)
        case .latin1:
            var scalars = String.UnicodeScalarView()
            for byte in data { scalars.append(Unicode.Scalar(byte)) }
            return String(scalars)
        }
    }

    /// The lines the agent reads from `text`, each with its end: Python's codecs reader splits at every line
    /// boundary of `unicode.splitlines` (`\n`, `\r`, `\r\n`, `\v`, `\f`, U+001C–U+001E, U+0085, U+2028,
    /// U+2029), and the agent's tail, given a line that does not end with `\n`, reads one more and appends it.
    static func lines(of text: String) -> [String] {
        var pieces: [String] = []
        var current = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let c = pending {
            current.append(c)
            pending = scalars.next()
            if c == "\r", pending == "\n" { continue }
            if isLineBoundary(c) {
                pieces.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { pieces.append(String(current)) }
        var lines: [String] = []
        var i = 0
        while i < pieces.count {
            var line = pieces[i]
            if !line.hasSuffix("\n"), i + 1 < pieces.count {
                i += 1
                line += pieces[i]
            }
            lines.append(line)
            i += 1
        }
        return lines
    }

    /// `line` without its line end.
    static func withoutEnd(_ line: String) -> String {
        var scalars = Array(line.unicodeScalars)
        while let last = scalars.last, isLineBoundary(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    private static func isLineBoundary(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x0A...0x0D, 0x1C...0x1E, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }
}

/// What ossim-agent (Event.py, `Detector._plugin_defaults`) and ossim-server make of the fields a rule set:
/// the OSSIM event as it is stored.
enum StoredEvent {
    /// Fields the agent sends base64-encoded (so keeps whole); it strips a trailing `\n` from every other one.
    static let base64Fields: Set<String> = Set(["username", "password", "filename"] + (1...9).map { "userdata\($0)" })
    /// The server's column widths, in characters.
    static let widths: [String: Int] = Dictionary(uniqueKeysWithValues:
        [("username", 64), ("filename", 256)] + (1...9).map { ("userdata\($0)", 1024) })
    static let defaultSID = "20000000"

    /// The stored event for the rule's `fields` (every field the rule sets, empty ones included), or `nil` with
    /// the reason when the agent drops it; `problems` collects what the agent logs.
    static func make(_ fields: [(name: String, value: String)], pluginTimeZone: String?, settings: AgentSettings,
                     problems: inout [String]) -> [String: String]? {
        var event: [String: String] = [:]
        for (name, value) in fields {
            var value = value
            if !base64Fields.contains(name) { while value.hasSuffix("\n") { value.removeLast() } }
            event[name] = value
        }
        // plugin_sid: 0 or beyond 32 bits is the default SID; a non-number drops the event.
        if let sid = event["plugin_sid"] {
            guard let number = Int(sid) ?? (sid.allSatisfy(\.isNumber) && !sid.isEmpty ? Int.max : nil) else {
                problems.append("plugin_sid `\(sid)` is not a number: the agent drops the event")
                return nil
            }
            if number == 0 || number > 2_147_483_647 { event["plugin_sid"] = defaultSID }
        }
        // date: read as `YYYY-MM-DD HH:MM:SS` in the plugin's tzone (else the agent's), stored in UTC (the event's
        // `tzone` becomes that zone's offset).
        event["tzone"] = nil
        let zone = [pluginTimeZone, settings.timeZone].compactMap { $0 }.first(where: ZoneTime.isKnown) ?? "UTC"
        if let date = event["date"], let utc = utcDate(date, readIn: zone) {
            event["date"] = utc
        } else {
            problems.append("date `\(event["date"] ?? "")` is no date: the agent uses the time it reads the line")
            event["date"] = nil
        }
        // Addresses. An unset src_ip is meant to become the sensor's address, but 5.8.11 reads `event["sensor"]`,
        // which Event.py stores as `device`: it gets nothing, hence 0.0.0.0 (measured with the real code). Loopback
        // addresses do become the sensor's (`device`).
        for key in ["src_ip", "dst_ip"] {
            guard let address = event[key] else {
                event[key] = "0.0.0.0"
                continue
            }
            let loopback = ["127.0.0.1", "127.0.1.1", "::1"] + (key == "src_ip" ? ["localhost"] : [])
            if loopback.contains(address) {
                event[key] = settings.sensorIP
            } else if !isAgentAddress(address) {
                if !address.isEmpty { problems.append("\(key) `\(address)` is not an address: the agent stores 0.0.0.0") }
                event[key] = "0.0.0.0"
            }
        }
        // The server: columns cut at their width, characters beyond the BMP stored as `?`.
        for (key, width) in widths {
            guard let value = event[key] else { continue }
            let scalars = value.unicodeScalars.map { $0.value > 0xFFFF ? "?" : $0 }
            event[key] = String(String.UnicodeScalarView(scalars.prefix(width)))
        }
        return event.filter { !$0.value.isEmpty }
    }

    /// Whether the agent takes `text` as an address: `^\d{1,3}(\.\d{1,3}){3}$`, or an IPv6 literal for `inet_pton`.
    static func isAgentAddress(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, parts.allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }) { return true }
        var storage = in6_addr()
        return !text.utf8.contains(0) && inet_pton(AF_INET6, text, &storage) == 1
    }

    /// `YYYY-MM-DD HH:MM:SS` read in `zone`, as the same text in UTC; `nil` when it is not that form.
    static func utcDate(_ text: String, readIn zone: String) -> String? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" })
        let fields = parts.compactMap { Int($0) }
        guard parts.count == 6, fields.count == 6, text.count == 19 else { return nil }
        return ZoneTime.utc(year: fields[0], month: fields[1], day: fields[2], hour: fields[3], minute: fields[4], second: fields[5], in: zone)
    }
}
