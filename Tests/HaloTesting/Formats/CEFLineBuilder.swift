import HaloSIDMap

/// Writes CEF lines exactly as docs/cef-line.md specifies, independently of the formatter in HaloOutput,
/// so that the plugin is tested against the contract itself.
public struct CEFLineBuilder {
    /// The signature id (header field 5).
    public var sid: Int
    /// The event name (header field 6).
    public var name: String
    /// Severity 9 when true, else 3.
    public var critical = false
    /// Extension values by key (`rt`, `src`, …, `msg`), unescaped; written in contract order.
    public var values: [String: String]
    /// The device version (header field 4).
    public var version = "1.0.0"

    /// A builder of the line with these fields.
    public init(sid: Int, name: String, critical: Bool = false, values: [String: String], version: String = "1.0.0") {
        self.sid = sid
        self.name = name
        self.critical = critical
        self.values = values
        self.version = version
    }

    /// The CEF line.
    public var line: String {
        let head = "CEF:0|CloudPassage|CPHalo|\(Self.escapeHeader(version))|\(sid)|\(Self.escapeHeader(name))|\(critical ? 9 : 3)|"
        var parts: [String] = []
        for key in CEFExtensionKey.all {
            guard let value = values[key.key], !value.isEmpty else { continue }
            parts.append((key.label.map { $0 + " " } ?? "") + key.key + "=" + Self.escapeValue(value))
        }
        return head + parts.joined(separator: " ")
    }

    /// `text` escaped for a CEF header field.
    public static func escapeHeader(_ text: String) -> String {
        escape(text) { $0 == "|" ? "\\|" : nil }
    }

    /// `text` escaped for a CEF extension value.
    public static func escapeValue(_ text: String) -> String {
        escape(text) { $0 == "=" ? "\\=" : nil }
    }

    private static func escape(_ text: String, special: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if let replaced = special(scalar) { out += replaced; continue }
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0}"..."\u{1F}", "\u{7F}"..."\u{10FFFF}":
                // Controls and every non-ASCII character: the line is ASCII.
                let hex = String(scalar.value, radix: 16)
                let digits = scalar.value > 0xFFFF ? 8 : 4
                out += (digits == 8 ? "\\U" : "\\u") + String(repeating: "0", count: digits - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The line behind an RFC 3164 syslog header.
    public static func rfc3164(_ line: String) -> String { "<134>Aug 22 16:24:31 sensor-1 halo-events[4242]: " + line }
    /// The line behind an RFC 5424 syslog header (with structured data and a BOM, as some senders write).
    public static func rfc5424(_ line: String) -> String {
        "<134>1 2016-08-22T16:24:31.123Z sensor-1.example.com halo-events 4242 cef [origin ip=\"10.0.0.1\"] \u{FEFF}" + line
    }

    /// The value a plugin field gets from this line: the value itself (the plugin's custom functions undo
    /// the escapes).
    public func expected(_ key: String) -> String? {
        values[key].flatMap { $0.isEmpty ? nil : $0 }
    }
}
