/// The event types the emulator generates.
///
/// Pass the SID seed's types (``SimulatedEventType/init(type:name:)`` infers the field layout from the
/// type) so that every mapped type occurs, plus ``unknownTypes`` the seed does not know, so that
/// unmapped-type handling is exercised. ``default`` is a small built-in catalogue for standalone use.
public struct EventCatalogue: Sendable, Hashable {
    /// Current-style types (events carry `type` and `name`).
    public var types: [SimulatedEventType]
    /// Types the SID seed does not know; generated beside ``types``.
    public var unknownTypes: [SimulatedEventType]
    /// Lower-case legacy names for old-style events (events carry `name` only).
    public var legacyNames: [SimulatedLegacyName]

    /// A catalogue of `types`, plus `unknownTypes` (by default ``inventedTypes``) and the legacy names of
    /// old-style events (by default the small built-in list).
    public init(types: [SimulatedEventType], unknownTypes: [SimulatedEventType] = EventCatalogue.inventedTypes,
                legacyNames: [SimulatedLegacyName] = EventCatalogue.default.legacyNames) {
        self.types = types
        self.unknownTypes = unknownTypes
        self.legacyNames = legacyNames
    }

    /// Every current-style type generated: ``types`` then ``unknownTypes``.
    var allTypes: [SimulatedEventType] { types + unknownTypes }
}

/// What an event is about, which decides the fields it carries.
public enum SimulatedEventKind: String, Sendable, Hashable, CaseIterable {
    /// Something that happened on a workload: `server_*` fields.
    case server
    /// A file-integrity finding: `server_*`, `policy_name`, `object_name`, `scan_id`, `finding_id`.
    case fileIntegrity
    /// A configuration, log-IDS or vulnerability finding: `server_*`, `policy_name`, `rule_name`, ids.
    case finding
    /// A person or API client acting in the portal: `actor_*` fields (sometimes `server_*` beside).
    case actor
}

/// One current-style event type: its machine `type`, the display `name`, and its kind.
public struct SimulatedEventType: Sendable, Hashable {
    /// The machine `type`, e.g. `halo_login_failure`.
    public var type: String
    /// The display `name`, e.g. `Halo login failure`.
    public var name: String
    /// Which fields its events carry.
    public var kind: SimulatedEventKind

    /// A type with an explicit field layout.
    public init(type: String, name: String, kind: SimulatedEventKind) {
        self.type = type
        self.name = name
        self.kind = kind
    }

    /// A type whose kind is inferred from the type's spelling (see ``SimulatedEventKind/inferred(fromType:)``).
    public init(type: String, name: String) {
        self.init(type: type, name: name, kind: .inferred(fromType: type))
    }
}

/// One legacy event name (old events are known by their lower-case `name` only).
public struct SimulatedLegacyName: Sendable, Hashable {
    /// The lower-case legacy name, e.g. `halo login failure`.
    public var name: String
    /// Which fields its events carry.
    public var kind: SimulatedEventKind

    /// A legacy name with an explicit field layout.
    public init(name: String, kind: SimulatedEventKind) {
        self.name = name
        self.kind = kind
    }

    /// A legacy name whose kind is inferred from its words.
    public init(name: String) {
        self.init(name: name, kind: .inferred(fromLegacyName: name))
    }
}

extension SimulatedEventKind {
    /// The kind of a machine type such as `fim_signature_changed` or `halo_login_failure`.
    public static func inferred(fromType type: String) -> SimulatedEventKind {
        let t = type.lowercased()
        let fileIntegrity = ["fim_target_integrity_changed", "fim_signature_changed", "fim_object_added", "fim_object_missing"]
        if fileIntegrity.contains(t) { return .fileIntegrity }
        if t.contains("rule_failed") || t.contains("vulnerable_software") || t.contains("rulefailed") { return .finding }
        let serverMarkers = [
            "agent_", "daemon_compromised", "daemon_version_change", "new_server", "ip_address_changed",
            "multiple_root_accounts", "duplicate_uid_accounts", "account_created", "account_deleted",
            "_scan_terminated", "container_event", "issue_resolved",
        ]
        if t.hasPrefix("server_") && !t.hasPrefix("server_group") { return .server }
        if serverMarkers.contains(where: { t.contains($0) }) && !t.hasPrefix("csp_") && !t.hasPrefix("api_") {
            return .server
        }
        return .actor
    }

    /// The kind of a legacy name such as `file integrity object signature changed`.
    public static func inferred(fromLegacyName name: String) -> SimulatedEventKind {
        let n = name.lowercased()
        if n.hasPrefix("file integrity object") || n.contains("signature changed") { return .fileIntegrity }
        if n.contains("rule matched") || n.contains("vulnerability detected") { return .finding }
        let serverMarkers = [
            "new server", "server missing", "server restarted", "server retired", "server shutdown", "server un-retired",
            "server ip address", "local account created", "local account deleted", "root accounts",
            "daemon compromised", "modified locally",
        ]
        return serverMarkers.contains(where: { n.contains($0) }) ? .server : .actor
    }
}

extension EventCatalogue {
    /// A small catalogue of real Halo types (picked from the shared `data/halo-event-types.tsv`, which is not
    /// in this repository), for standalone use when the SID seed's list is not at hand.
    public static let `default` = EventCatalogue(
        types: [
            .init(type: "fim_target_integrity_changed", name: "File Integrity change detected", kind: .fileIntegrity),
            .init(type: "fim_signature_changed", name: "File integrity object signature changed", kind: .fileIntegrity),
            .init(type: "fim_object_added", name: "File integrity object added", kind: .fileIntegrity),
            .init(type: "fim_object_missing", name: "File integrity object missing", kind: .fileIntegrity),
            .init(type: "sca_rule_failed", name: "Configuration rule matched", kind: .finding),
            .init(type: "lids_rule_failed", name: "Log-based IDS rule matched", kind: .finding),
            .init(type: "vulnerable_software_package_found", name: "Software vulnerability detected", kind: .finding),
            .init(type: "halo_login_failure", name: "Halo login failure", kind: .actor),
            .init(type: "halo_login_success", name: "Halo login success", kind: .actor),
            .init(type: "api_client_created", name: "API key created", kind: .actor),
            .init(type: "api_client_secret_viewed", name: "API secret key viewed", kind: .actor),
            .init(type: "password_changed", name: "Halo password changed", kind: .actor),
            .init(type: "fim_policy_modified", name: "File integrity policy modified", kind: .actor),
            .init(type: "firewall_policy_modified", name: "Halo firewall policy modified", kind: .actor),
            .init(type: "local_account_create_request", name: "Local account creation requested", kind: .actor),
            .init(type: "ghostport_failure", name: "GhostPorts login failure", kind: .actor),
            .init(type: "server_missing", name: "Server missing", kind: .server),
            .init(type: "new_server", name: "New server", kind: .server),
            .init(type: "server_restarted", name: "Server restarted", kind: .server),
            .init(type: "multiple_root_accounts", name: "Multiple root accounts detected", kind: .server),
            .init(type: "server_account_created", name: "Local account created", kind: .server),
            .init(type: "daemon_compromised", name: "Daemon compromised", kind: .server),
            .init(type: "ip_address_changed", name: "Server IP address changed", kind: .server),
        ],
        unknownTypes: inventedTypes,
        legacyNames: [
            .init(name: "halo login failure", kind: .actor),
            .init(name: "halo login success", kind: .actor),
            .init(name: "api key created", kind: .actor),
            .init(name: "halo password changed", kind: .actor),
            .init(name: "file integrity object signature changed", kind: .fileIntegrity),
            .init(name: "file integrity object missing", kind: .fileIntegrity),
            .init(name: "configuration rule matched", kind: .finding),
            .init(name: "software vulnerability detected", kind: .finding),
            .init(name: "new server", kind: .server),
            .init(name: "server missing", kind: .server),
            .init(name: "local account created (linux only)", kind: .server),
            .init(name: "multiple root accounts detected (linux only)", kind: .server),
            .init(name: "server firewall modified locally", kind: .server),
        ]
    )

    /// Plausible types that no SID table knows (Halo adds types over time).
    public static let inventedTypes: [SimulatedEventType] = [
        .init(type: "container_drift_detected", name: "Container drift detected", kind: .server),
        .init(type: "workload_exploit_attempt_blocked", name: "Workload exploit attempt blocked", kind: .finding),
        .init(type: "sso_assertion_rejected", name: "SSO assertion rejected", kind: .actor),
    ]
}
