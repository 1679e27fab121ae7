import HaloModel

/// The original connector's readable line, for people reading syslog:
///
/// ```
/// At <created_at> - From <actor_ip_address> - <message> <value> <value> …
/// ```
/// `At … - ` and `From … - ` appear only when the event has those fields; then comes the message, then the
/// value of every other non-`null` field, one space apart, in key order (the original wrote them in
/// Python's dictionary order). Unlike the original, an event without a message is still written.
///
/// Escaping: `\` as `\\`, LF, CR and TAB as `\n`, `\r`, `\t`, every other control character as `\uXXXX`.
public struct TextFormatter: EventFormatter {
    private static let text = LineEscaper(delimiter: nil)
    private static let leading: Set<String> = ["created_at", "actor_ip_address", "message"]

    public init() {}

    public func format(_ event: HaloEvent, as classification: EventClassification, into line: inout String) {
        var out = LineBuffer(capacity: 1024)
        if let time = event.fields["created_at"]?.text {
            out.append("At ")
            Self.text.append(time, to: &out)
            out.append(" - ")
        }
        if let ip = event.fields["actor_ip_address"]?.text {
            out.append("From ")
            Self.text.append(ip, to: &out)
            out.append(" - ")
        }
        var first = true
        if let message = event.fields["message"]?.text {
            Self.text.append(message, to: &out)
            first = false
        }
        for name in event.fields.keys.sorted() where !Self.leading.contains(name) {
            guard let value = event.fields[name]?.text else { continue }
            if !first { out.append(0x20) }
            first = false
            Self.text.append(value, to: &out)
        }
        out.write(to: &line)
    }
}
