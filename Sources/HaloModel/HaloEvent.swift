/// One Halo event, every field as received.
///
/// Accessors give the fields the connector, the formats and the plugin rely on; anything else stays in
/// ``fields`` so that formats which carry the whole event (JSON, key=value) lose nothing.
public struct HaloEvent: Sendable, Hashable {
    /// All fields of the event object, as the API sent them.
    public var fields: [String: JSONValue]

    public init(fields: [String: JSONValue]) { self.fields = fields }

    /// The field's value as text (numbers and booleans in JSON spelling); `nil` when missing or `null`.
    public subscript(key: String) -> String? { fields[key]?.text }

    /// Halo's event id (hex), unique per account.
    public var id: String? { self["id"] }
    /// The machine event type, e.g. `halo_login_failure` (missing on old events).
    public var type: String? { self["type"] }
    /// The display name, e.g. `Halo login failure`; old events are known by this alone.
    public var name: String? { self["name"] }
    /// `created_at` as sent.
    public var createdAtText: String? { self["created_at"] }
    /// `created_at` parsed; `nil` when missing or not ISO-8601.
    public var createdAt: HaloTimestamp? { createdAtText.flatMap { HaloTimestamp(iso8601: $0) } }
    /// `critical`, as a JSON boolean (current events) or the string "True" (old events).
    public var isCritical: Bool { Self.isCritical(fields["critical"]) }
    /// Whether a `critical` value means critical: `true`, a string "True" in any case, a non-zero number.
    public static func isCritical(_ value: JSONValue?) -> Bool {
        switch value {
        case .bool(let b): return b
        case .string(let s): return s.lowercased() == "true"
        case .int(let i): return i != 0
        default: return false
        }
    }
    /// The IP of the person or API client behind the event (`actor_ip_address`).
    public var actorIP: String? { self["actor_ip_address"] }
    /// The server's IP: `server_ip_address`, else `server_primary_ip_address`.
    public var serverIP: String? { self["server_ip_address"] ?? self["server_primary_ip_address"] }
}

extension HaloEvent: Decodable {
    public init(from decoder: any Decoder) throws {
        fields = try decoder.singleValueContainer().decode([String: JSONValue].self)
    }
}

extension HaloEvent {
    /// The event as compact one-line JSON (keys sorted).
    public var compactJSON: String { JSONValue.object(fields).compactJSON }
}
