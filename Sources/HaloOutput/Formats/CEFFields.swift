import HaloModel

/// The Halo fields the CEF line reads, escaped, gathered by one pass over the event.
///
/// The CEF formatter is the hot path of the connector. One pass over the event's dictionary finds each field
/// by the length of its name and one or two comparisons (far cheaper than a hashed lookup per field), and
/// escapes its value at once into the line's buffer, so that no value is kept (retained, released) past its
/// visit. The formatter then writes the line after them in the same buffer, copying the escaped values in the
/// contract's order.
struct CEFFields {
    enum Field {
        case id, type, name, message, createdAt
        case actorIP, actorUsername, actorCountry, actorKeyID, actorKeyLabel
        case serverIP, serverPrimaryIP, serverHostname, serverLabel, serverDisplayName, serverGroupName
        case serverID, serverPlatform, objectName, policyName, ruleName
    }

    /// Header fields escape `|`, extension values `=`; both write every non-ASCII character as `\uXXXX`, so
    /// that the line is ASCII (docs/cef-line.md).
    static let header = LineEscaper(delimiter: "|", asciiOnly: true)
    static let value = LineEscaper(delimiter: "=", asciiOnly: true)

    /// `created_at` parsed; `nil` when missing or not ISO-8601.
    private(set) var createdAt: HaloTimestamp?
    /// `critical` (see ``HaloEvent/isCritical``).
    private(set) var isCritical = false

    // Where each field's escaped value is in the buffer; empty when missing, `null` or empty. One stored range per
    // field (no array: nothing to allocate, copy or free per event).
    private var id = 0..<0, type = 0..<0, name = 0..<0, message = 0..<0, createdAtText = 0..<0
    private var actorIP = 0..<0, actorUsername = 0..<0, actorCountry = 0..<0, actorKeyID = 0..<0, actorKeyLabel = 0..<0
    private var serverIP = 0..<0, serverPrimaryIP = 0..<0, serverHostname = 0..<0, serverLabel = 0..<0
    private var serverDisplayName = 0..<0, serverGroupName = 0..<0, serverID = 0..<0, serverPlatform = 0..<0
    private var objectName = 0..<0, policyName = 0..<0, ruleName = 0..<0
    /// `name` escaped as a header field.
    private var headerName = 0..<0

    /// Gathers the fields of `event`, their values escaped into `buffer` (appended).
    init(_ event: HaloEvent, escapingInto buffer: inout LineBuffer) {
        for (key, value) in event.fields {
            if let field = Self.field(named: key) {
                switch value {
                case .string(let text): record(text, as: field, into: &buffer)
                case .null: break
                default: record(value.text ?? "", as: field, into: &buffer)  // numbers, booleans, arrays, objects
                }
            } else if key.utf8.count == 8, key == "critical" {
                isCritical = HaloEvent.isCritical(value)
            }
        }
    }

    /// Whether the field has a value: not missing, `null` or empty.
    func has(_ field: Field) -> Bool { !self[field].isEmpty }

    /// `first` when it has a value, else `second`.
    func first(_ first: Field, else second: Field) -> Field { has(first) ? first : second }

    /// Whether the field's value is an address OSSIM can score as a host (see `isHostAddressLiteral`), read from
    /// its escaped value in `buffer`: escaping leaves a literal as it is (hex digits, `.`, `:`) and puts a `\`
    /// (never part of one) into whatever it changes, so the escaped value is a literal exactly when the value is.
    func isHostAddress(_ field: Field, in buffer: borrowing LineBuffer) -> Bool {
        buffer.withBytes(in: self[field]) { isHostAddressLiteral($0) }
    }

    /// `first` when it holds a host address, else `second` when that does, else `nil`.
    func hostAddress(_ first: Field, else second: Field, in buffer: borrowing LineBuffer) -> Field? {
        isHostAddress(first, in: buffer) ? first : isHostAddress(second, in: buffer) ? second : nil
    }

    /// Appends a copy of the field's escaped value (nothing when it has none).
    func appendValue(_ field: Field, to out: inout LineBuffer) {
        out.appendCopy(of: self[field])
    }

    /// Appends `key` (the separating space, the key and `=`, e.g. `" src="`) and the field's escaped value, or
    /// nothing when it has no value.
    func append(_ key: String, _ field: Field, to out: inout LineBuffer) {
        guard has(field) else { return }
        out.append(key)
        appendValue(field, to: &out)
    }

    /// Appends `name` escaped as a header field, else `fallback` so escaped.
    func appendHeaderName(else fallback: String, to out: inout LineBuffer) {
        if has(.name) {
            out.appendCopy(of: headerName)
        } else {
            Self.header.append(fallback, to: &out)
        }
    }

    /// Where the field's escaped value is in the buffer.
    private subscript(_ field: Field) -> Range<Int> {
        get {
            switch field {
            case .id: id
            case .type: type
            case .name: name
            case .message: message
            case .createdAt: createdAtText
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
            case .createdAt: createdAtText = newValue
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

    /// Escapes `text`, the value of `field`, into `buffer` (nothing when it is empty), and keeps what the line
    /// needs besides.
    private mutating func record(_ text: String, as field: Field, into buffer: inout LineBuffer) {
        guard !text.isEmpty else { return }
        let start = buffer.count
        Self.value.append(text, to: &buffer)
        self[field] = start..<buffer.count
        switch field {
        case .name:
            let start = buffer.count
            Self.header.append(text, to: &buffer)
            headerName = start..<buffer.count
        case .createdAt:
            createdAt = HaloTimestamp(iso8601: text)
        default:
            break
        }
    }

    /// The field called `key` (the Halo field's name), found by its length first.
    private static func field(named key: String) -> Field? {
        switch key.utf8.count {
        case 2: if key == "id" { return .id }
        case 4:
            if key == "type" { return .type }
            if key == "name" { return .name }
        case 7: if key == "message" { return .message }
        case 9:
            if key == "rule_name" { return .ruleName }
            if key == "server_id" { return .serverID }
        case 10: if key == "created_at" { return .createdAt }
        case 11:
            if key == "object_name" { return .objectName }
            if key == "policy_name" { return .policyName }
        case 12:
            if key == "server_label" { return .serverLabel }
            if key == "actor_key_id" { return .actorKeyID }
        case 13: if key == "actor_country" { return .actorCountry }
        case 14: if key == "actor_username" { return .actorUsername }
        case 15:
            if key == "server_hostname" { return .serverHostname }
            if key == "actor_key_label" { return .actorKeyLabel }
            if key == "server_platform" { return .serverPlatform }
        case 16: if key == "actor_ip_address" { return .actorIP }
        case 17:
            if key == "server_ip_address" { return .serverIP }
            if key == "server_group_name" { return .serverGroupName }
        case 19: if key == "server_display_name" { return .serverDisplayName }
        case 25: if key == "server_primary_ip_address" { return .serverPrimaryIP }
        default: break
        }
        return nil
    }
}
