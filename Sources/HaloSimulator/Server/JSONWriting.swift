import HaloModel

/// Compact JSON for served events, appended as UTF-8 bytes (each piece copied whole, which is what keeps
/// a page of 100 events cheap to write). Strings that need escaping go through `JSONValue.appendQuoted`,
/// so the escapes (control characters, DEL, U+0085, U+2028/U+2029 as `\uXXXX`) are the shared model's and
/// a served page never holds a raw line break.
enum JSONText {
    /// Appends an event object, fields in served order.
    static func appendEvent(_ event: SimulatedEvent, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (n, field) in event.fields.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            // Field names are the generator's own plain ASCII.
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: "\":".utf8)
            appendValue(field.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func appendValue(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .string(let s): appendString(s, to: &out)
        default:
            var text = ""
            value.appendJSON(to: &text)
            out.append(contentsOf: text.utf8)
        }
    }

    /// Appends `s` as a JSON string literal.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        if needsEscaping(s) {
            var quoted = ""
            JSONValue.appendQuoted(s, to: &quoted)
            out.append(contentsOf: quoted.utf8)
        } else {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
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
