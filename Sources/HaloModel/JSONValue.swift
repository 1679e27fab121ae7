/// A JSON value as the Halo API sends it, kept whole so that any field can be formatted or re-emitted.
///
/// Objects keep their members in a dictionary; ``JSONValue/compactJSON`` writes them with sorted keys so
/// the same event always produces the same bytes.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The value as text for a log field: strings as they are, numbers and booleans in JSON spelling,
    /// `nil` for `null`; arrays and objects as compact JSON.
    public var text: String? {
        switch self {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return JSONValue.format(d)
        case .string(let s): return s
        case .array, .object: return compactJSON
        }
    }

    /// The string payload when the value is a JSON string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    static func format(_ d: Double) -> String {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }
}

extension JSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Strings first: nearly every field of an event is one, and each failed `decode` throws a costly
        // DecodingError (JSONDecoder never converts between strings, numbers and booleans, so the order
        // does not change the result).
        if container.decodeNil() {
            self = .null
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? container.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? container.decode(Double.self) {
            self = .double(d)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

extension JSONValue {
    /// Compact JSON text (no insignificant white space, keys sorted, every control character escaped),
    /// so that it always fits on one line.
    public var compactJSON: String {
        var out = ""
        appendJSON(to: &out)
        return out
    }

    /// Appends compact JSON text to `out`.
    public func appendJSON(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? JSONValue.format(d) : "null"
        case .string(let s): JSONValue.appendQuoted(s, to: &out)
        case .array(let items):
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += "," }
                item.appendJSON(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (n, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if n > 0 { out += "," }
                JSONValue.appendQuoted(member.key, to: &out)
                out += ":"
                member.value.appendJSON(to: &out)
            }
            out += "}"
        }
    }

    /// Appends `s` as a JSON string literal: `"` and `\` escaped, control characters (and U+0085, U+2028,
    /// U+2029, which some log tools treat as line ends) as `\uXXXX` or their short escapes.
    public static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        // Nearly every string needs no escape: one scan of its bytes, then it is copied whole.
        if s.utf8.contains(where: mayNeedEscape) {
            out += escaped(s)
        } else {
            out += s
        }
        out += "\""
    }

    /// A byte that needs an escape, or may start a character that does (U+0085, U+2028, U+2029).
    private static func mayNeedEscape(_ b: UInt8) -> Bool {
        b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xC2 || b == 0xE2
    }

    /// The inside of the string literal of `s`, escaped (built as bytes: far cheaper than scalar appends).
    private static func escaped(_ s: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count + 16)
        for scalar in s.unicodeScalars {
            let short: UInt8
            switch scalar {
            case "\"", "\\": short = UInt8(scalar.value)
            case "\n": short = UInt8(ascii: "n")
            case "\r": short = UInt8(ascii: "r")
            case "\t": short = UInt8(ascii: "t")
            case "\u{08}": short = UInt8(ascii: "b")
            case "\u{0C}": short = UInt8(ascii: "f")
            case "\u{00}"..."\u{1F}", "\u{7F}", "\u{85}", "\u{2028}", "\u{2029}":
                bytes.append(0x5C)
                bytes.append(UInt8(ascii: "u"))
                for shift in stride(from: 12, through: 0, by: -4) {
                    let digit = UInt8((scalar.value >> UInt32(shift)) & 0xF)
                    bytes.append(digit < 10 ? 0x30 + digit : 0x57 + digit)
                }
                continue
            default:
                UTF8.encode(scalar) { bytes.append($0) }
                continue
            }
            bytes.append(0x5C)
            bytes.append(short)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
