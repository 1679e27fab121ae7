import HaloModel

/// `key="value"` pairs, one space apart: every field of the event that is not `null`, in key order.
///
/// Values are the field's text (numbers and booleans in JSON spelling, arrays and objects as compact
/// JSON) inside double quotes, with `"` and `\` escaped as `\"` and `\\`, LF, CR and TAB as `\n`, `\r`,
/// `\t`, and every other control character as `\uXXXX`. Keys are written bare: any character outside
/// `A–Z a–z 0–9 _ . -` becomes `_` (Halo's own keys never have one), so a key can never hold a space,
/// a quote or `=`.
public struct KeyValueFormatter: EventFormatter {
    private static let value = LineEscaper(delimiter: "\"")

    public init() {}

    public func format(_ event: HaloEvent, as classification: EventClassification, into line: inout String) {
        var out = LineBuffer(capacity: 1024)
        var first = true
        for name in event.fields.keys.sorted() {
            guard let text = event.fields[name]?.text else { continue }
            if !first { out.append(0x20) }
            first = false
            out.append(Self.bareKey(name))
            out.append("=\"")
            Self.value.append(text, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        out.write(to: &line)
    }

    /// `name` with every character outside `A–Z a–z 0–9 _ . -` replaced by `_` (and `_` for an empty name).
    static func bareKey(_ name: String) -> String {
        if !name.isEmpty, name.utf8.allSatisfy(isKeyByte) { return name }
        let kept = name.unicodeScalars.map { $0.isASCII && isKeyByte(UInt8($0.value)) ? Character($0) : "_" }
        return kept.isEmpty ? "_" : String(kept)
    }

    private static func isKeyByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
