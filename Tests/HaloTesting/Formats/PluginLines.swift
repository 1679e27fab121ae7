import HaloSIDMap

/// Hand-written CEF lines for every SID of a table, with the event each must become.
public struct PluginLines {
    /// One line and what the plugin must make of it.
    public struct Case {
        /// The line, bare or behind a syslog header.
        public var line: String
        /// The plugin rule (section) that must match it.
        public var rule: String
        /// The event fields the rule must extract.
        public var fields: [String: String]
    }

    /// Text that tries to break out of its value: key-like text, `|`, `\`, a line break, a fake CEF line.
    public static let hostileMessage = #"user x=y did "it" | src=6.6.6.6 cat=fake \ path C:\temp\ "# + "\nline two\r\t"
        + "CEF:0|CloudPassage|CPHalo|1.0|409|fake|9|rt=Jan 01 2000 00:00:00 cat=x externalId=y \u{2028} é 日本"

    /// One line per SID: the fields its field set extracts (all of them for the catch-all), values that
    /// differ per SID, and a header style that rotates between bare, RFC 3164 and RFC 5424.
    public static func everySID(of table: SIDTable) -> [Case] {
        table.entries.enumerated().map { index, entry in
            let set = table.fieldSet(named: entry.fieldSet)
            let fields = set?.fields ?? PluginField.optional
            let rule = set.map { s in "cloudpassage-halo-" + String(format3(table.fieldSets.firstIndex(of: s)! + 1)) + "-" + s.name }
                ?? PluginGenerator.catchAllSection
            var values: [String: String] = [
                "rt": "Aug 22 2016 16:24:30",
                "cat": entry.types.first ?? entry.legacyNames.first ?? "unknown_type",
                "externalId": "e750d982688411e6b7b32f750f9\(entry.sid)",
                "cs6": "2016-08-22T16:24:30.726Z",
                "msg": index % 4 == 0 ? hostileMessage : "Event \(entry.sid) happened on server web-\(index) (source: Scan)",
            ]
            if fields.contains(.srcIP) { values["src"] = index % 2 == 0 ? "203.0.113.\(index % 250)" : "2001:db8::\(index)" }
            if fields.contains(.username) { values["suser"] = "user\(index)@example.com" }
            if fields.contains(.dstIP) { values["dst"] = "198.51.100.\(index % 250)" }
            if fields.contains(.filename) { values["fname"] = "/etc/conf=\(index)/file name \\ x" }
            if fields.contains(.userdata2) { values["cs1"] = "label \(index)" }
            if fields.contains(.userdata3) { values["cs2"] = "group=\(index)" }
            if fields.contains(.userdata4) { values["cs3"] = "policy \(entry.sid)" }
            if fields.contains(.userdata7) { values["cs4"] = "rule \(index) | x" }
            if fields.contains(.userdata8) { values["cs5"] = "United States" }
            if fields.contains(.dstIP) {
                values["dhost"] = "ip-10-2-20-\(index % 250)"
                values["deviceExternalId"] = "5b1d73b63e3711e68ead7f4b70b6c2b8"
                values["flexString2"] = "Linux"
            }
            if fields.contains(.srcIP) {
                values["suid"] = "key\(index)"
                values["flexString1"] = "auditor key"
            }
            let builder = CEFLineBuilder(sid: entry.sid, name: entry.displayName + " | \\ x", critical: index % 3 == 0, values: values)
            let line: String
            switch index % 3 {
            case 0: line = builder.line
            case 1: line = CEFLineBuilder.rfc3164(builder.line)
            default: line = CEFLineBuilder.rfc5424(builder.line)
            }
            return Case(line: line, rule: rule, fields: expectedFields(builder, sid: entry.sid, extracting: fields))
        }
    }

    /// What a rule extracting `extracting` must make of a line: every contract field with a value, as Halo
    /// sent it; `src_ip` (every rule sets it) and a `dst_ip` the rule extracts are 0.0.0.0 when the line has none.
    public static func expectedFields(_ builder: CEFLineBuilder, sid: Int, extracting: [PluginField] = PluginField.optional) -> [String: String] {
        var fields = ["plugin_id": "9876", "tzone": "UTC", "plugin_sid": String(sid), "date": "2016-08-22 16:24:30", "src_ip": "0.0.0.0"]
        if extracting.contains(.dstIP) { fields["dst_ip"] = "0.0.0.0" }
        let mapping: [(String, String)] = [
            ("src", "src_ip"), ("dst", "dst_ip"), ("suser", "username"), ("fname", "filename"), ("cat", "userdata1"),
            ("cs1", "userdata2"), ("cs2", "userdata3"), ("cs3", "userdata4"), ("externalId", "userdata5"), ("msg", "userdata6"),
            ("cs4", "userdata7"), ("cs5", "userdata8"), ("cs6", "userdata9"),
        ]
        for (key, field) in mapping {
            if let value = builder.expected(key) { fields[field] = value }
        }
        return fields
    }

    private static func format3(_ n: Int) -> String { n < 10 ? "00\(n)" : (n < 100 ? "0\(n)" : String(n)) }
}
