import Foundation
import HaloModel

/// Events for property tests: realistic shapes filled with hostile text.
public enum TestEvents {
    /// Pieces that have broken log lines before: line breaks, delimiters of every format, escapes, NUL,
    /// other controls, Unicode line separators, combining marks after delimiters, CEF/LEEF/syslog look-alikes.
    public static let hostilePieces: [String] = [
        "\n", "\r", "\r\n", "\t", "\0", "\u{01}", "\u{1B}[31m", "\u{7F}", "\u{85}", "\u{2028}", "\u{2029}", "\u{0C}",
        "|", "||", "=", "==", "\\", "\\\\", "\\n", "\\u0000", "\\=", "\\|", "\"", "\\\"", "'", " ", "  ",
        "=\u{301}", "|\u{301}", "\\\u{301}", "\"\u{301}", "é", "日本語", "🙂", "👩‍👩‍👧", "\u{FEFF}", "\u{FFFD}", "\u{200B}",
        " src=10.9.9.9", " msg=forged", " cs1Label=x cs1=y", "CEF:0|Evil|Corp|1|666|forged|10|src=6.6.6.6",
        "LEEF:1.0|Evil|Corp|1|x|\tsev=10", "\tcat=forged", " key=\"v\"", "<13>Aug 22 16:24:30 host tag: ",
        "<strong>bold</strong>", "%s%n", "#012", "${jndi:ldap://x}", "C:\\Windows\\System32", "a=b=c",
    ]

    /// Text mixing plain words and hostile pieces; now and then empty or very long (up to 64 KiB).
    public static func text(_ random: inout SeededRandom) -> String {
        switch Int.random(in: 0..<400, using: &random) {
        case 0..<10: return ""
        case 1: return String(repeating: "x=\\|\n", count: 16_384)  // 80 KiB of the worst bytes
        case 2:
            let length = Int.random(in: 60_000...65_536, using: &random)
            return String((0..<length).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &random))) })
        case 3..<13:
            // Random bytes, repaired to U+FFFD by `String(decoding:)` (the page reader refuses invalid UTF-8, so
            // formatters only ever see such text with its U+FFFD, as Halo may send it).
            return String(decoding: (0..<Int.random(in: 1...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }, as: UTF8.self)
        default:
            var text = ""
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                if Bool.random(using: &random) {
                    text += hostilePieces.randomElement(using: &random)!
                } else {
                    text += ["alpha", "beta", "server", "root", "/etc/passwd", "10.0.0.1", "42", "-"].randomElement(using: &random)!
                }
            }
            return text
        }
    }

    public static let ipAddresses = ["54.183.177.195", "10.2.20.76", "203.0.113.9", "2001:db8::1", "::1", "fe80::1%eth0",
                              "256.1.1.1", "1.2.3", "not an ip", "1.2.3.4 ", "01.2.3.4", "1.2.3.4\n", "1.2.3.4\0evil", ""]

    /// A field value: mostly text, sometimes an IP-looking string, a number, a boolean, null, or nested JSON.
    public static func value(_ random: inout SeededRandom, ipLike: Bool = false) -> JSONValue? {
        switch Int.random(in: 0..<20, using: &random) {
        case 0: return nil
        case 1: return .null
        case 2: return .int(Int64.random(in: -1_000_000...1_000_000, using: &random))
        case 3: return .bool(Bool.random(using: &random))
        case 4: return .double(Double.random(in: -1e6...1e6, using: &random))
        case 5: return .array([.string(text(&random)), .int(1), .null])
        case 6: return .object(["k\n": .string(text(&random))])
        default:
            if ipLike, Bool.random(using: &random) { return .string(ipAddresses.randomElement(using: &random)!) }
            return .string(text(&random))
        }
    }

    public static let haloKeys = [
        "id", "type", "name", "message", "created_at", "critical", "server_id", "server_platform", "server_hostname",
        "server_label", "server_display_name", "server_group_name", "server_ip_address", "server_primary_ip_address",
        "server_reported_fqdn", "scan_id", "finding_id", "policy_name", "rule_name", "object_name", "server_group_id",
        "actor_username", "actor_ip_address", "actor_country", "actor_key_id", "actor_key_label",
    ]

    /// An event with any of Halo's fields (hostile values), sometimes unknown or hostile keys too.
    public static func hostile(_ random: inout SeededRandom) -> HaloEvent {
        var fields: [String: JSONValue] = [:]
        for key in haloKeys where Int.random(in: 0..<4, using: &random) > 0 {
            fields[key] = value(&random, ipLike: key.hasSuffix("ip_address"))
        }
        switch Int.random(in: 0..<6, using: &random) {
        case 0: fields["created_at"] = .string(["2016-08-22T16:24:30.726Z", "2016-08-22T16:24:30.828169Z", "2019-02-28T23:59:59Z"].randomElement(using: &random)!)
        case 1: fields["critical"] = [.bool(true), .bool(false), .string("True"), .string("False"), .null].randomElement(using: &random)!
        case 2: fields[text(&random)] = value(&random)
        case 3: fields[["cat", "sev", "devTime", "src", "usrName", "halo_cat", "key with space", "k=v", "k\"q", ""].randomElement(using: &random)!] = .string(text(&random))
        default: break
        }
        return HaloEvent(fields: fields)
    }

    /// A well-formed event of the kind Halo sends, `n` making it unique (its id ends with `n`).
    public static func realistic(_ n: Int, tag: String = "evt") -> HaloEvent {
        var fields: [String: JSONValue] = [
            "id": .string("\(tag)-\(n)"),
            "type": .string(n % 2 == 0 ? "fim_target_integrity_changed" : "halo_login_failure"),
            "name": .string(n % 2 == 0 ? "File Integrity change detected" : "Halo login failure"),
            "message": .string("Event \(n): a change was detected in /opt/cloudpassage/*/* on Linux server Jlee-Chef-Node1 (54.183.177.195) (source: Scan)"),
            "created_at": .string(String(format: "2016-08-22T16:%02d:%02d.%03dZ", n / 60 % 60, n % 60, n % 1000)),
            "critical": .bool(n % 5 == 0),
            "server_id": .string("5b1d73b63e3711e68ead7f4b70b6c2b8"),
            "server_platform": .string("Linux"),
            "server_hostname": .string("ip-10-2-20-76"),
            "server_label": .string("Jlee-Chef-Node1"),
            "server_group_name": .string("old_smoke"),
            "server_ip_address": .string("54.183.177.195"),
            "policy_name": .string("FIM halo"),
        ]
        if n % 2 == 1 {
            fields["actor_ip_address"] = .string("203.0.113.\(n % 250)")
            fields["actor_username"] = .string("user\(n)@example.com")
            fields["actor_country"] = .string("US")
        }
        return HaloEvent(fields: fields)
    }
}
