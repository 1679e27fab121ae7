/// Hostile free text, as servers and users can put into Halo fields: everything a formatter must
/// escape so that one event stays one line and no field can be forged.
public enum AdversarialValues {
    /// The hostile values, one per hazard.
    public static let samples: [String] = [
        "line one\nline two",
        "carriage\rreturn",
        "CRLF\r\nCEF:0|CloudPassage|CPHalo|1.0|409|forged|9|src=6.6.6.6",
        "pipe|separated|value",
        "key=value other=thing cs1=forged",
        "back\\slash \\\\ double \\n literal",
        "\"double\" and 'single' quotes",
        "nul\u{0}byte",
        "tab\tseparated\tvalue",
        "<strong>bold</strong><script>alert('x')</script>&amp;",
        "non-ASCII: Zürich – 東京 – Ελληνικά – 🚀",
        "CEF:0|CloudPassage|CPHalo|1.0|409|x|9|src=1.2.3.4",
        "LEEF:2.0|CloudPassage|CPHalo|1.0|409|\tsrc=6.6.6.6",
        "unicode line\u{2028}separator\u{2029}paragraph",
        "next line\u{85}NEL",
        "escape\u{1B}[31mred\u{1B}[0m and bell\u{07} and DEL\u{7F}",
        "trailing backslash\\",
        "=leading equals",
        "%s %n %x format",
        "' OR 1=1; DROP TABLE plugin_sid; --",
        "",
    ]

    /// A 64 KiB (65 536-byte) message made of the hazards above.
    public static let hugeMessage: String = {
        let chunk = "64KiB|a=b\\c\nCEF:0|x|y|1|2|n|9|src=1.2.3.4\r\t\"q\" <b>ü</b> "
        var bytes: [UInt8] = []
        bytes.reserveCapacity(65_536)
        while bytes.count + chunk.utf8.count <= 65_536 { bytes.append(contentsOf: chunk.utf8) }
        while bytes.count < 65_536 { bytes.append(UInt8(ascii: "x")) }
        return String(decoding: bytes, as: UTF8.self)
    }()

    /// Field names that may carry hostile text (never ids, timestamps, IPs or `type`).
    static let textFields: Set<String> = [
        "message", "name", "server_hostname", "server_label", "server_display_name", "server_group_name",
        "server_reported_fqdn", "actor_username", "actor_key_label", "policy_name", "rule_name", "object_name",
    ]
}
