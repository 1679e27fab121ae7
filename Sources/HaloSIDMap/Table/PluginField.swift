/// The ossim-agent event fields the Halo plugin rules fill (ossim.md, "Event fields a rule can set").
public enum PluginField: String, Sendable, Hashable, CaseIterable, Codable {
    case pluginSID = "plugin_sid"
    case date
    case srcIP = "src_ip"
    case dstIP = "dst_ip"
    case username
    case filename
    case userdata1, userdata2, userdata3, userdata4, userdata5, userdata6, userdata7, userdata8, userdata9

    /// Fields every rule extracts: the SID, the date, the type, the event id, the message and `created_at`.
    public static let common: [PluginField] = [.pluginSID, .date, .userdata1, .userdata5, .userdata6, .userdata9]

    /// Fields a field set may choose (every field that is not ``common``).
    public static let optional: [PluginField] = allCases.filter { !common.contains($0) }
}

/// One extension key of the CEF line, in the order `halo-events` writes them (docs/cef-line.md).
public struct CEFExtensionKey: Sendable, Hashable {
    /// The key, e.g. `src` or `cs1`.
    public var key: String
    /// For `csN`/`flexStringN` keys, the label pair written before the key (`cs1Label=serverLabel`).
    public var label: String?
    /// The regex group name the rules capture the value into (letters and digits only, so that the
    /// same name works in Python `re` and ICU).
    public var group: String
    /// The plugin event field the value fills, if any.
    public var field: PluginField?
    /// Whether every line carries the key.
    public var isRequired: Bool

    /// The contract's table, in line order.
    public static let all: [CEFExtensionKey] = [
        .init(key: "rt", group: "rt", field: .date, isRequired: true),
        .init(key: "src", group: "src", field: .srcIP),
        .init(key: "dst", group: "dst", field: .dstIP),
        .init(key: "dhost", group: "dhost"),
        .init(key: "suser", group: "suser", field: .username),
        .init(key: "fname", group: "fname", field: .filename),
        .init(key: "cat", group: "cat", field: .userdata1, isRequired: true),
        .init(key: "externalId", group: "eid", field: .userdata5, isRequired: true),
        .init(key: "cs1", label: "cs1Label=serverLabel", group: "cs1", field: .userdata2),
        .init(key: "cs2", label: "cs2Label=serverGroup", group: "cs2", field: .userdata3),
        .init(key: "cs3", label: "cs3Label=policy", group: "cs3", field: .userdata4),
        .init(key: "cs4", label: "cs4Label=rule", group: "cs4", field: .userdata7),
        .init(key: "cs5", label: "cs5Label=actorCountry", group: "cs5", field: .userdata8),
        .init(key: "cs6", label: "cs6Label=createdAt", group: "cs6", field: .userdata9),
        .init(key: "deviceExternalId", group: "devid"),
        .init(key: "suid", group: "suid"),
        .init(key: "flexString1", label: "flexString1Label=actorKeyLabel", group: "fs1"),
        .init(key: "flexString2", label: "flexString2Label=serverPlatform", group: "fs2"),
        .init(key: "msg", group: "msg", field: .userdata6),
    ]

    init(key: String, label: String? = nil, group: String, field: PluginField? = nil, isRequired: Bool = false) {
        self.key = key
        self.label = label
        self.group = group
        self.field = field
        self.isRequired = isRequired
    }
}
