/// One rule of a plugin, ready to apply: ossim-agent tries `precheck` (a plain substring), then the
/// regexp (`search`, case-insensitive), and fills the event fields from the groups.
public struct PluginRule: Sendable {
    /// The section name.
    public var name: String
    /// The substring a line must contain before the regexp is tried (empty: none).
    public var precheck: String
    /// The compiled regexp.
    public var regexp: PythonRegex
    /// The event fields the rule sets, with their value templates, in file order.
    var fields: [(name: String, template: [ValuePart])]

    /// A piece of a value template: literal text, `{$group}`, or `{function($group)}`.
    enum ValuePart: Sendable {
        case text(String)
        case group(String)
        case call(RuleFunction, String)
    }

    /// Options of a rule section that are not event fields.
    static let controlOptions: Set<String> = ["regexp", "precheck", "event_type"]

    /// The event fields ossim-agent takes from a rule (others are ignored).
    static let eventFields: Set<String> = Set(
        ["plugin_id", "plugin_sid", "date", "fdate", "src_ip", "dst_ip", "src_port", "dst_port", "protocol", "username",
         "password", "filename", "device", "sensor", "interface", "priority", "tzone"] + (1...9).map { "userdata\($0)" })

    /// Builds the rule from its options (section's own plus `[DEFAULT]`'s). Unusable rules throw;
    /// options ossim-agent would ignore become `warnings`.
    init(name: String, options: [(key: String, value: String)], file: String, line: Int, warnings: inout [String]) throws {
        func fail(_ message: String) -> SIDMapError { .invalidPlugin(file: file, line: line, "rule [\(name)]: \(message)") }
        self.name = name
        let values = Dictionary(options.map { ($0.key, Self.unquoted($0.value)) }, uniquingKeysWith: { a, _ in a })
        guard let pattern = values["regexp"], !pattern.isEmpty else { throw fail("has no regexp") }
        let compiled: PythonRegex
        do { compiled = try PythonRegex(pattern) } catch { throw fail("regexp: \(error.message)") }
        regexp = compiled
        precheck = values["precheck"] ?? ""
        if let type = values["event_type"], type != "event" { warnings.append("rule [\(name)]: event_type is `\(type)`, not `event`") }
        guard values["plugin_sid"] != nil else { throw fail("has no plugin_sid") }
        var fields: [(String, [ValuePart])] = []
        for (key, _) in options where !Self.controlOptions.contains(key) {
            guard Self.eventFields.contains(key) else {
                warnings.append("rule [\(name)]: `\(key)` is not an event field; ossim-agent ignores it")
                continue
            }
            let template = Self.parseTemplate(values[key]!)
            for part in template {
                let group: String
                switch part {
                case .text: continue
                case .group(let g): group = g
                case .call(_, let g): group = g
                }
                if compiled.groupNumbers[group] == nil && !(Int(group).map { (0...compiled.groupCount).contains($0) } ?? false) {
                    throw fail("\(key) uses $\(group), which the regexp does not define")
                }
            }
            fields.append((key, template))
        }
        for (key, value) in options where !Self.controlOptions.contains(key) {
            if let unknown = Self.unknownFunction(in: value) {
                throw fail("\(key) calls \(unknown)(), which the tester does not implement (\(RuleFunction.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        self.fields = fields
    }

    /// ossim-agent strips every leading and trailing `"`, then every leading and trailing `'`, from a value
    /// (`strip(strip(value, '"'), "'")`).
    static func unquoted(_ value: String) -> String {
        func strip(_ text: Substring, _ quote: Character) -> Substring {
            text.drop { $0 == quote }.reversed().drop { $0 == quote }.reversed().map { $0 }.reduce(into: Substring()) { $0.append($1) }
        }
        return String(strip(strip(Substring(value), "\""), "'"))
    }

    /// Splits a value into literal text, `{$name}`, `{function($name)}` and `{:function($name)}` (a function of
    /// the plugin's `custom_functions_file`).
    static func parseTemplate(_ value: String) -> [ValuePart] {
        var parts: [ValuePart] = []
        var literal = ""
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let inner = rest[rest.index(after: open)..<close]
            if inner.hasPrefix("$") {
                flush(&literal, into: &parts)
                parts.append(.group(String(inner.dropFirst())))
            } else if let paren = inner.firstIndex(of: "("), inner.hasSuffix(")"), inner[inner.index(after: paren)...].hasPrefix("$"),
                      let function = RuleFunction(called: inner[..<paren]) {
                flush(&literal, into: &parts)
                parts.append(.call(function, String(inner[inner.index(paren, offsetBy: 2)..<inner.index(before: inner.endIndex)])))
            } else {
                literal += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        flush(&literal, into: &parts)
        return parts
    }

    private static func flush(_ literal: inout String, into parts: inout [ValuePart]) {
        if !literal.isEmpty { parts.append(.text(literal)) }
        literal = ""
    }

    /// The name of a `{function($x)}` call the tester does not know, if any.
    static func unknownFunction(in value: String) -> String? {
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let inner = rest[rest.index(after: open)..<close]
            if let paren = inner.firstIndex(of: "("), inner[inner.index(after: paren)...].hasPrefix("$"),
               RuleFunction(called: inner[..<paren]) == nil {
                return String(inner[..<paren])
            }
            rest = rest[rest.index(after: close)...]
        }
        return nil
    }
}
