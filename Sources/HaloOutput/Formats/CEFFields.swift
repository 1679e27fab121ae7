import HaloModel

/// The Halo fields the CEF line reads, gathered by one pass over the event.
///
/// The CEF formatter is the hot path of the connector; one pass that sorts the event's keys by length
/// and compares them with the one or two names of that length costs far less than some twenty hashed
/// dictionary lookups.
struct CEFFields {
    enum Field {
        case id, type, name, message, createdAt
        case actorIP, actorUsername, actorCountry, actorKeyID, actorKeyLabel
        case serverIP, serverPrimaryIP, serverHostname, serverLabel, serverDisplayName, serverGroupName
        case serverID, serverPlatform, objectName, policyName, ruleName

        /// The Halo field's name.
        var key: String {
            switch self {
            case .id: "id"
            case .type: "type"
            case .name: "name"
            case .message: "message"
            case .createdAt: "created_at"
            case .actorIP: "actor_ip_address"
            case .actorUsername: "actor_username"
            case .actorCountry: "actor_country"
            case .actorKeyID: "actor_key_id"
            case .actorKeyLabel: "actor_key_label"
            case .serverIP: "server_ip_address"
            case .serverPrimaryIP: "server_primary_ip_address"
            case .serverHostname: "server_hostname"
            case .serverLabel: "server_label"
            case .serverDisplayName: "server_display_name"
            case .serverGroupName: "server_group_name"
            case .serverID: "server_id"
            case .serverPlatform: "server_platform"
            case .objectName: "object_name"
            case .policyName: "policy_name"
            case .ruleName: "rule_name"
            }
        }
    }

    // One stored text per field (no array: nothing to allocate or free per event).
    private var id, type, name, message, createdAt: String?
    private var actorIP, actorUsername, actorCountry, actorKeyID, actorKeyLabel: String?
    private var serverIP, serverPrimaryIP, serverHostname, serverLabel, serverDisplayName, serverGroupName: String?
    private var serverID, serverPlatform, objectName, policyName, ruleName: String?

    init(_ event: HaloEvent) {
        for (key, value) in event.fields {
            guard let field = Self.field(named: key), let text = value.text, !text.isEmpty else { continue }
            self[field] = text
        }
    }

    /// The field's text when it has a value: `nil` when missing, `null` or empty.
    private(set) subscript(_ field: Field) -> String? {
        get {
            switch field {
            case .id: id
            case .type: type
            case .name: name
            case .message: message
            case .createdAt: createdAt
            case .actorIP: actorIP
            case .actorUsername: actorUsername
            case .actorCountry: actorCountry
            case .actorKeyID: actorKeyID
            case .actorKeyLabel: actorKeyLabel
            case .serverIP: serverIP
            case .serverPrimaryIP: serverPrimaryIP
            case .serverHostname: serverHostname
            case .serverLabel: serverLabel
            case .serverDisplayName: serverDisplayName
            case .serverGroupName: serverGroupName
            case .serverID: serverID
            case .serverPlatform: serverPlatform
            case .objectName: objectName
            case .policyName: policyName
            case .ruleName: ruleName
            }
        }
        set {
            switch field {
            case .id: id = newValue
            case .type: type = newValue
            case .name: name = newValue
            case .message: message = newValue
            case .createdAt: createdAt = newValue
            case .actorIP: actorIP = newValue
            case .actorUsername: actorUsername = newValue
            case .actorCountry: actorCountry = newValue
            case .actorKeyID: actorKeyID = newValue
            case .actorKeyLabel: actorKeyLabel = newValue
            case .serverIP: serverIP = newValue
            case .serverPrimaryIP: serverPrimaryIP = newValue
            case .serverHostname: serverHostname = newValue
            case .serverLabel: serverLabel = newValue
            case .serverDisplayName: serverDisplayName = newValue
            case .serverGroupName: serverGroupName = newValue
            case .serverID: serverID = newValue
            case .serverPlatform: serverPlatform = newValue
            case .objectName: objectName = newValue
            case .policyName: policyName = newValue
            case .ruleName: ruleName = newValue
            }
        }
    }

    /// The field called `key`, found by its length first.
    private static func field(named key: String) -> Field? {
        let candidates: (Field, Field?)
        switch key.utf8.count {
        case 2: candidates = (.id, nil)
        case 4: candidates = (.type, .name)
        case 7: candidates = (.message, nil)
        case 9: candidates = (.ruleName, .serverID)
        case 10: candidates = (.createdAt, nil)
        case 11: candidates = (.objectName, .policyName)
        case 12: candidates = (.serverLabel, .actorKeyID)
        case 13: candidates = (.actorCountry, nil)
        case 14: candidates = (.actorUsername, nil)
        case 15:
            if key == Field.serverHostname.key { return .serverHostname }
            candidates = (.actorKeyLabel, .serverPlatform)
        case 16: candidates = (.actorIP, nil)
        case 17: candidates = (.serverIP, .serverGroupName)
        case 19: candidates = (.serverDisplayName, nil)
        case 25: candidates = (.serverPrimaryIP, nil)
        default: return nil
        }
        if key == candidates.0.key { return candidates.0 }
        if let second = candidates.1, key == second.key { return second }
        return nil
    }

    /// The first of two fields that has a value.
    subscript(_ first: Field, else second: Field) -> String? {
        self[first] ?? self[second]
    }
}
