import Foundation
import HaloModel
import HaloPlatform

/// What the contract (`docs/cef-line.md`) and `docs/formats.md` say a line must hold, computed from the
/// event by the tests' own means (Foundation's date formatting, the C library's address parser).
public enum Expect {
    /// The field's text when it has a value ("missing, null or empty" count as none).
    public static func value(_ event: HaloEvent, _ key: String) -> String? {
        guard let text = event.fields[key]?.text, !text.isEmpty else { return nil }
        return text
    }

    public static func isIPLiteral(_ text: String) -> Bool {
        guard !text.utf8.contains(0) else { return false }
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// Whether `text` is an address the CEF line carries as `src`/`dst`: an IP literal that is neither loopback
    /// (`127.0.0.0/8`, `::1`, `::ffff:127.x.x.x`: ossim-agent would store the sensor's address) nor unspecified.
    public static func isHostAddress(_ text: String) -> Bool {
        guard !text.utf8.contains(0) else { return false }
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            let first = withUnsafeBytes(of: &v4) { $0[0] }
            return first != 127 && v4.s_addr != 0
        }
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes.prefix(10).allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return bytes[12] != 127 && bytes.suffix(4).contains { $0 != 0 }
        }
        return !(bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] <= 1)
    }

    /// `MMM dd yyyy HH:mm:ss` in UTC, by Foundation.
    public static func cefDate(_ time: HaloTimestamp) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMM dd yyyy HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: Double(time.microseconds / 1_000_000)))
    }

    /// The CEF extension the contract's table gives for `event`, in order. `rt` is `nil` when the event
    /// has no parseable `created_at` (the formatter then writes the current time).
    public static func cefExtension(_ event: HaloEvent) -> [(key: String, value: String?)] {
        var pairs: [(key: String, value: String?)] = []
        func add(_ key: String, _ value: String?) { if let value { pairs.append((key, value)) } }
        pairs.append(("rt", value(event, "created_at").flatMap { HaloTimestamp(iso8601: $0) }.map(cefDate)))
        add("src", value(event, "actor_ip_address").flatMap { isHostAddress($0) ? $0 : nil })
        add("dst", [value(event, "server_primary_ip_address"), value(event, "server_ip_address")].compactMap { $0 }.first(where: isHostAddress))
        add("dhost", value(event, "server_hostname"))
        add("suser", value(event, "actor_username"))
        add("fname", value(event, "object_name"))
        pairs.append(("cat", value(event, "type") ?? value(event, "name") ?? ""))
        pairs.append(("externalId", value(event, "id") ?? ""))
        let labelled: [(String, String, String?)] = [
            ("cs1", "serverLabel", value(event, "server_label") ?? value(event, "server_display_name")),
            ("cs2", "serverGroup", value(event, "server_group_name")),
            ("cs3", "policy", value(event, "policy_name")),
            ("cs4", "rule", value(event, "rule_name")),
            ("cs5", "actorCountry", value(event, "actor_country")),
            ("cs6", "createdAt", value(event, "created_at")),
        ]
        for (key, label, text) in labelled where text != nil {
            add("\(key)Label", label)
            add(key, text)
        }
        add("deviceExternalId", value(event, "server_id"))
        add("suid", value(event, "actor_key_id"))
        if let label = value(event, "actor_key_label") { add("flexString1Label", "actorKeyLabel"); add("flexString1", label) }
        if let platform = value(event, "server_platform") { add("flexString2Label", "serverPlatform"); add("flexString2", platform) }
        add("msg", value(event, "message"))
        return pairs
    }

    /// Whether `line` holds no line break and no other forbidden control character (LEEF's attribute
    /// delimiter, TAB, aside when `tabsAreDelimiters`).
    public static func isOneCleanLine(_ line: String, tabsAreDelimiters: Bool = false) -> Bool {
        !line.unicodeScalars.contains { Unescape.isForbidden($0) && !(tabsAreDelimiters && $0 == "\t") }
    }
}
