import HaloModel

/// Compact JSON for served events, appended to a `String` (one call into the standard library per
/// piece, which keeps page encoding fast even in debug builds). Strings that need escaping go through
/// `JSONValue.appendQuoted`, so the escapes (control characters, DEL, U+2028/U+2029 as `\uXXXX`) are the
/// shared model's and a served page never holds a raw line break.
enum JSONText {
    /// Appends an event object, fields in served order.
    static func appendEvent(_ event: SimulatedEvent, to out: inout String) {
        out += "{"
        var first = true
        for field in event.fields {
            if !first { out += "," }
            first = false
            // Field names are the generator's own plain ASCII.
            out += "\""
            out += field.name
            out += "\":"
            if plainFields.contains(field.name), case .string(let s) = field.value {
                out += "\""
                out += s
                out += "\""
            } else {
                appendValue(field.value, to: &out)
            }
        }
        out += "}"
    }

    /// Fields the generator fills from plain ASCII alphabets only (hex ids, timestamps, addresses,
    /// machine types), which never need an escape.
    private static let plainFields: Set<String> = [
        "id", "created_at", "server_id", "server_group_id", "scan_id", "finding_id", "actor_key_id",
        "server_ip_address", "server_primary_ip_address", "actor_ip_address", "server_platform", "actor_country",
    ]

    static func appendValue(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .string(let s): appendString(s, to: &out)
        default: value.appendJSON(to: &out)
        }
    }

    /// Appends `s` as a JSON string literal.
    static func appendString(_ s: String, to out: inout String) {
        if needsEscaping(s) {
            JSONValue.appendQuoted(s, to: &out)
        } else {
            out += "\""
            out += s
            out += "\""
        }
    }

    /// Whether `s` holds a byte that may need an escape: `"`, `\`, a control character, DEL, or the lead
    /// byte 0xC2 of U+0085 or 0xE2 of U+2028/U+2029 (and of other characters, which then take the careful path).
    private static func needsEscaping(_ s: String) -> Bool {
        s.utf8.withContiguousStorageIfAvailable { bytes in
            for b in bytes where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xC2 || b == 0xE2 { return true }
            return false
        } ?? true
    }
}
