#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloModel

/// Runs log lines through a plugin the way ossim-agent does: rules in the order of their section names
/// sorted as strings (every section but `[config]`, `[info]` and `[translation…]`), `precheck` first,
/// then a case-insensitive regexp search; the first rule that matches wins and fills the event.
///
/// This is what `halo-sidbuilder test-plugin` runs, and what tests use to prove that the generated
/// plugin reads the lines `halo-events` writes.
public struct PluginTester: Sendable {
    /// The rules, in the order ossim-agent tries them.
    public let rules: [PluginRule]
    /// Things in the plugin that ossim-agent would ignore or that look wrong, though it can run.
    public let warnings: [String]
    private let translations: [(key: String, value: String)]
    /// The plugin's own `[DEFAULT] tzone`, if any.
    private let timeZone: String?
    /// How the sensor runs the plugin.
    public var settings = AgentSettings()

    /// Loads a plugin file, read in the agent's `encoding` for it.
    public init(pluginPath path: String, encoding: AgentSettings.Encoding = .latin1) throws {
        try self.init(config: PluginConfig(data: TextFile.readData(path), file: path, encoding: encoding))
    }

    /// Prepares a parsed plugin. Throws ``SIDMapError/invalidPlugin(file:line:_:)`` for a plugin the agent
    /// could not use (a rule without regexp or plugin_sid, a regexp that does not compile, a value that
    /// uses a group the regexp lacks, interpolation).
    public init(config: PluginConfig) throws {
        var warnings: [String] = []
        for section in [config.defaults] + config.sections {
            for (key, value) in section.options {
                if let problem = PluginConfig.interpolationProblem(value) {
                    throw SIDMapError.invalidPlugin(file: config.file, line: section.line, "[\(section.name)] \(key) \(problem)")
                }
            }
        }
        if let settings = config.section("config") {
            let options = config.options(of: settings)
            for (key, expected) in [("type", "detector"), ("source", "log"), ("enable", "yes")] {
                let value = options.first { $0.key == key }.map { PluginRule.unquoted($0.value) }
                if value != expected { warnings.append("[config] \(key) is `\(value ?? "")`, ossim-agent needs `\(expected)`") }
            }
            if (options.first { $0.key == "location" }?.value ?? "").isEmpty { warnings.append("[config] has no location") }
        } else {
            warnings.append("the plugin has no [config] section")
        }
        let ruleSections = config.sections
            .filter { !["config", "info"].contains($0.name) && !$0.name.hasPrefix("translation") }
            .sorted { $0.name.unicodeScalars.lexicographicallyPrecedes($1.name.unicodeScalars) }
        rules = try ruleSections.map { section in
            try PluginRule(name: section.name, options: config.options(of: section), file: config.file, line: section.line, warnings: &warnings)
        }
        if rules.isEmpty { warnings.append("the plugin has no rules") }
        translations = config.section("translation").map { config.options(of: $0) } ?? []
        timeZone = config.defaults.value("tzone").map(PluginRule.unquoted)
        if !(timeZone.map(ZoneTime.isKnown) ?? false) {
            warnings.append("[DEFAULT] has no valid tzone: the agent reads every date in the sensor's time zone")
        }
        self.warnings = warnings
    }

    /// The event ossim-agent would make of `line` (as the agent reads it: with its line end), or `nil` if no
    /// rule matches.
    public func parse(_ line: String) -> ParsedEvent? {
        for rule in rules {
            if !rule.precheck.isEmpty && !line.contains(rule.precheck) { continue }
            guard let match = rule.regexp.search(line) else { continue }
            var set: [(name: String, value: String)] = []
            var problems: [String] = []
            for (name, template) in rule.fields {
                var value = ""
                for part in template {
                    switch part {
                    case .text(let text): value += text
                    case .group(let group): value += Self.group(group, of: match) ?? ""
                    case .call(let function, let group):
                        let argument = Self.group(group, of: match) ?? ""
                        if let result = function.apply(argument, translations: translations) {
                            value += result
                        } else {
                            value += argument
                            problems.append("\(name): \(function.rawValue) cannot handle `\(argument)`")
                        }
                    }
                }
                set.append((name, value))
            }
            var fields: [String: String] = [:]
            for (name, value) in set where !value.isEmpty { fields[name] = value }
            var agentLog: [String] = []
            let stored = StoredEvent.make(set, pluginTimeZone: timeZone, settings: settings, problems: &agentLog)
            return ParsedEvent(rule: rule.name, fields: fields, stored: stored, problems: problems, agentLog: agentLog)
        }
        return nil
    }

    private static func group(_ name: String, of match: PythonRegex.Match) -> String? {
        if let number = Int(name) { return number < match.groups.count ? match.groups[number] : nil }
        return match.named[name] ?? nil
    }

    /// Runs every line of `text`, a log already decoded, split as the agent splits it.
    public func run(_ text: String) -> PluginTestReport {
        var report = PluginTestReport(rules: rules.map(\.name), warnings: warnings)
        for (index, line) in AgentSettings.lines(of: text).enumerated() {
            report.lineCount += 1
            if var event = parse(line) {
                event.line = index + 1
                report.matchCounts[event.rule, default: 0] += 1
                report.events.append(event)
            } else {
                report.unmatched.append(UnmatchedLine(line: index + 1, text: AgentSettings.withoutEnd(line)))
            }
        }
        return report
    }

    /// Runs the log's bytes, decoded as ``settings`` says.
    public func run(_ data: Data) -> PluginTestReport {
        run(settings.decode(data))
    }
}

/// The event a rule made of a line.
public struct ParsedEvent: Sendable, Hashable {
    /// The 1-based line number in the log (0 for a single parsed line).
    public var line = 0
    /// The rule (section) that matched.
    public var rule: String
    /// The event fields the rule gave a non-empty value (`plugin_id`, `plugin_sid`, `src_ip`, `userdata1`, …).
    public var fields: [String: String]
    /// What OSSIM stores: ``fields`` after the agent's defaults (UTC date, `src_ip`/`dst_ip` rules, SID range)
    /// and the server's column widths; `nil` when the agent drops the event.
    public var stored: [String: String]?
    /// Function calls that could not convert their value (kept unconverted).
    public var problems: [String] = []
    /// What the agent logs about the event (a bad date, address or SID) as it builds it.
    public var agentLog: [String] = []

    public init(line: Int = 0, rule: String, fields: [String: String], stored: [String: String]? = nil,
                problems: [String] = [], agentLog: [String] = []) {
        self.line = line
        self.rule = rule
        self.fields = fields
        self.stored = stored
        self.problems = problems
        self.agentLog = agentLog
    }

    /// One JSON object: `line`, `rule` and every stored field (keys sorted); `dropped` when the agent drops it.
    public var json: String {
        var object: [String: JSONValue] = (stored ?? [:]).mapValues { .string($0) }
        if stored == nil { object["dropped"] = .bool(true) }
        object["line"] = .int(Int64(line))
        object["rule"] = .string(rule)
        if !problems.isEmpty { object["problems"] = .array(problems.map { .string($0) }) }
        return JSONValue.object(object).compactJSON
    }
}

/// A line no rule matched.
public struct UnmatchedLine: Sendable, Hashable {
    public var line: Int
    public var text: String
}

/// The outcome of running a log through a plugin.
public struct PluginTestReport: Sendable {
    /// Rule names in the order they are tried.
    public var rules: [String]
    /// ``PluginTester/warnings``.
    public var warnings: [String]
    /// Lines read.
    public var lineCount = 0
    /// Lines matched per rule.
    public var matchCounts: [String: Int] = [:]
    /// The events, in line order.
    public var events: [ParsedEvent] = []
    /// Lines no rule matched, in line order.
    public var unmatched: [UnmatchedLine] = []

    /// Per-rule counts, unmatched lines and warnings, for people.
    public var summary: String {
        var out = "\(lineCount) lines: \(events.count) parsed, \(unmatched.count) unmatched\n"
        let width = rules.map(\.count).max() ?? 0
        for rule in rules {
            out += "  [\(rule)]" + String(repeating: " ", count: width - rule.count) + " \(matchCounts[rule, default: 0])\n"
        }
        for line in unmatched {
            out += "unmatched line \(line.line): \(line.text)\n"
        }
        for event in events where !event.problems.isEmpty || !event.agentLog.isEmpty {
            out += "line \(event.line): " + (event.problems + event.agentLog.map { "agent: " + $0 }).joined(separator: "; ") + "\n"
        }
        for warning in warnings {
            out += "warning: \(warning)\n"
        }
        return out
    }
}
