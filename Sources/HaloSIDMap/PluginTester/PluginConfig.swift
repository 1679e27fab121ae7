#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A plugin `.cfg` read the way ossim-agent reads it: Python ConfigParser on the file decoded as
/// latin-1 (or UTF-8, with the `|utf-8` suffix on its `[plugins]` line). Option names are case-insensitive (lower-cased), values keep everything after the first `=`
/// or `:` (stripped), indented lines continue a value, `#`/`;` lines are comments, `[DEFAULT]` applies
/// to every section, and (as Python 3's strict parser does) a section or option given twice is an error.
public struct PluginConfig: Sendable {
    /// A section and its own options, in file order.
    public struct Section: Sendable {
        public var name: String
        public var line: Int
        public var options: [(key: String, value: String)] = []

        /// The section's own value for an option (lower-case name), without `[DEFAULT]`.
        public func value(_ key: String) -> String? { options.first { $0.key == key }?.value }
    }

    /// The file the config came from (for messages).
    public var file: String
    /// `[DEFAULT]`'s options.
    public var defaults: Section
    /// Every other section, in file order.
    public var sections: [Section] = []

    /// Parses a plugin file's bytes, decoded as `encoding`.
    public init(data: Data, file: String, encoding: AgentSettings.Encoding = .latin1) throws {
        self.file = file
        defaults = Section(name: "DEFAULT", line: 0)
        let text = AgentSettings(encoding: encoding).decode(data)
        var current: Int?  // index into sections, or -1 for DEFAULT
        var lastKey: String?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let stripped = Self.pythonStrip(line)
            if stripped.isEmpty || stripped.hasPrefix("#") || stripped.hasPrefix(";") {
                if stripped.isEmpty { lastKey = nil }
                continue
            }
            if let first = line.unicodeScalars.first, Self.isPythonSpace(first), let key = lastKey, let c = current {
                update(c) { section in
                    let i = section.options.lastIndex { $0.key == key }!
                    section.options[i].value += "\n" + stripped
                }
                continue
            }
            if stripped.hasPrefix("["), let close = stripped.lastIndex(of: "]"), close > stripped.index(after: stripped.startIndex) {
                let name = String(stripped[stripped.index(after: stripped.startIndex)..<close])
                lastKey = nil
                if name == "DEFAULT" {
                    current = -1
                } else {
                    if let earlier = sections.first(where: { $0.name == name }) {
                        throw SIDMapError.invalidPlugin(file: file, line: number, "section [\(name)] is already defined on line \(earlier.line)")
                    }
                    sections.append(Section(name: name, line: number))
                    current = sections.count - 1
                }
                continue
            }
            guard let c = current else {
                throw SIDMapError.invalidPlugin(file: file, line: number, "an option before any [section]")
            }
            guard let delimiter = stripped.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw SIDMapError.invalidPlugin(file: file, line: number, "not `key=value`, a [section] or a comment: \(stripped)")
            }
            let key = Self.pythonStrip(stripped[..<delimiter]).lowercased()
            let value = Self.pythonStrip(stripped[stripped.index(after: delimiter)...])
            guard !key.isEmpty else { throw SIDMapError.invalidPlugin(file: file, line: number, "an option without a name") }
            let section = c == -1 ? defaults : sections[c]
            if section.options.contains(where: { $0.key == key }) {
                throw SIDMapError.invalidPlugin(file: file, line: number, "option `\(key)` is given twice in [\(section.name)]")
            }
            update(c) { $0.options.append((key, value)) }
            lastKey = key
        }
    }

    private mutating func update(_ index: Int, _ change: (inout Section) -> Void) {
        if index == -1 { change(&defaults) } else { change(&sections[index]) }
    }

    /// The section's options with `[DEFAULT]`'s beneath them, as ConfigParser's `items(section)`.
    public func options(of section: Section) -> [(key: String, value: String)] {
        section.options + defaults.options.filter { d in !section.options.contains { $0.key == d.key } }
    }

    /// The section with this name.
    public func section(_ name: String) -> Section? { sections.first { $0.name == name } }

    /// What ConfigParser's interpolation would do to a value: Python 2 substitutes `%(name)s`, Python 3
    /// also turns `%%` into `%` and rejects any other `%`; so a plugin value must hold no `%` at all.
    public static func interpolationProblem(_ value: String) -> String? {
        if value.contains("%(") { return "contains `%(`, which ConfigParser interpolates" }
        if value.contains("%") { return "contains `%`, which Python 2 and 3 ConfigParsers read differently" }
        return nil
    }

    /// Python's `str.strip()` whitespace for the latin-1 range.
    static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0: return true
        default: return false
        }
    }

    static func pythonStrip(_ text: Substring) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isPythonSpace($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !isPythonSpace($0) })!
        return String(scalars[start...end])
    }
}
