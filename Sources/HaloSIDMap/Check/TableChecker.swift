/// What `halo-sidbuilder check` found: problems (any one fails the check), the SID conflict decisions the
/// table records, and notes.
public struct CheckReport: Sendable, Hashable {
    /// What makes the table (or an output) unusable; any one fails `check`.
    public var problems: [String] = []
    /// How the table settled SID conflicts between the two source lists.
    public var decisions: [String] = []
    /// Worth knowing, not wrong.
    public var notes: [String] = []

    /// Whether the table (and the outputs compared) can be used as they are.
    public var isOK: Bool { problems.isEmpty }
}

/// Validates a SID table: duplicates, ranges, lengths, taxonomy ids, alias conflicts, elevation that
/// cannot alarm; and reports how it settled the SID conflicts between the original plugin's list and
/// the later connector's (the rule in docs/sidbuilder.md).
public enum TableChecker {
    /// Every problem of `table`, its conflict decisions, and notes.
    public static func check(_ table: SIDTable, taxonomy: OSSIMTaxonomy = .builtIn) -> CheckReport {
        var report = CheckReport()
        report.problems = sqlProblems(table)
        checkPlugin(table, taxonomy: taxonomy, into: &report)
        var types: [String: Int] = [:]
        var lowercasedTypes: [String: Int] = [:]
        var legacyNames: [String: Int] = [:]
        var names: [String: Int] = [:]
        for entry in table.entries {
            let label = "SID \(entry.sid)"
            report.problems += SIDEntryRules.mappingProblems(of: entry, in: table, taxonomy: taxonomy).map { "\(label): \($0)" }
            for type in entry.types {
                if let other = types[type] {
                    report.problems.append("\(label): type `\(type)` is also mapped by SID \(other)")
                } else if let other = lowercasedTypes[type.lowercased()], other != entry.sid {
                    report.problems.append("\(label): type `\(type)` differs only in case from a type of SID \(other)")
                }
                types[type] = entry.sid
                lowercasedTypes[type.lowercased()] = entry.sid
            }
            for name in entry.legacyNames {
                if let other = legacyNames[name] { report.problems.append("\(label): legacy name `\(name)` is also mapped by SID \(other)") }
                legacyNames[name] = entry.sid
            }
            if let other = names[entry.name] {
                report.problems.append("\(label): its name `\(entry.name)` is also SID \(other)'s; OSSIM users could not tell them apart")
            }
            names[entry.name] = entry.sid
            if entry.elevated, AlarmExplanation(priority: entry.priority, reliability: entry.reliability).lowestAlarmingAssetValue == nil {
                report.problems.append("\(label) is elevated but priority \(entry.priority) and reliability \(entry.reliability) never raise an alarm")
            }
            if entry.types.isEmpty && entry.legacyNames.isEmpty && entry.sid != SIDRanges.generic {
                report.notes.append("\(label) (\(entry.name)) maps no type or name; no event gets it")
            }
            if let connector = entry.connectorSID {
                report.decisions.append(decision(entry, connectorSID: connector, table: table))
            }
        }
        if table.entry(sid: SIDRanges.generic) == nil {
            report.problems.append("the generic SID \(SIDRanges.generic) is missing; events of unknown types would have no SID in OSSIM")
        }
        for set in table.fieldSets where !table.entries.contains(where: { $0.fieldSet == set.name }) {
            report.notes.append("field set `\(set.name)` is used by no SID; the plugin has no rule for it")
        }
        return report
    }

    /// What keeps the table from reaching OSSIM's `plugin` and `plugin_sid` tables intact, which
    /// `halo-sidbuilder sql` refuses to write: MariaDB's `INSERT IGNORE` would drop a SID given twice,
    /// clip one outside INT, cut a text longer than its column (VARCHAR counts characters, TEXT bytes),
    /// and mangle characters the `utf8` columns cannot hold; all without an error.
    public static func sqlProblems(_ table: SIDTable) -> [String] {
        let plugin = table.plugin
        var problems = SIDEntryRules.pluginTextProblems("name", plugin.name)
            + SIDEntryRules.pluginTextProblems("description", plugin.description)
            + SIDEntryRules.pluginTextProblems("vendor", plugin.vendor)
        var sids: Set<Int> = []
        for entry in table.entries {
            let label = "SID \(entry.sid)"
            if !sids.insert(entry.sid).inserted { problems.append("\(label) appears twice") }
            problems += SIDEntryRules.sqlProblems(of: entry).map { "\(label): \($0)" }
        }
        return problems
    }

    /// Throws ``SIDMapError/Refusal/notStorableInOSSIM(problems:)`` with the ``sqlProblems(_:)`` of `table`, if it has any.
    static func refuseSQLProblems(_ table: SIDTable) throws {
        let problems = sqlProblems(table)
        guard problems.isEmpty else {
            throw SIDMapError.refused(.notStorableInOSSIM(problems: problems))
        }
    }

    private static func checkPlugin(_ table: SIDTable, taxonomy: OSSIMTaxonomy, into report: inout CheckReport) {
        let plugin = table.plugin
        if !(1...65535).contains(plugin.id) { report.problems.append("plugin id \(plugin.id) is outside 1...65535") }
        if !(9000...9999).contains(plugin.id) { report.notes.append("plugin id \(plugin.id) is outside 9000-9999, the range OSSIM leaves to user plugins") }
        if taxonomy.productTypes[plugin.productType] == nil {
            report.problems.append("plugin product type \(plugin.productType) is not an OSSIM product type")
        }
        for set in table.fieldSets where set.name.isEmpty || !set.name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }) {
            report.problems.append("field set `\(set.name)`: names are ASCII letters, digits, `_` and `-`")
        }
    }

    private static func decision(_ entry: SIDEntry, connectorSID: Int, table: SIDTable) -> String {
        let type = entry.types.first.map { "type `\($0)`" } ?? "SID \(entry.sid)"
        if let legacy = entry.legacyNames.first {
            return "\(type): the later connector gave it SID \(connectorSID); it means what the original plugin called `\(legacy)`, so it joins that SID \(entry.sid) (rule 2: one meaning, one SID)"
        }
        if let owner = table.entry(sid: connectorSID), let legacy = owner.legacyNames.first, !owner.types.contains(entry.types.first ?? "") {
            return "\(type): its connector SID \(connectorSID) is the original plugin's SID for `\(legacy)`, which keeps it; the type moves to SID \(entry.sid) (rule 1: original SIDs keep their meaning)"
        }
        return "\(type): the later connector gave it SID \(connectorSID); the table gives it SID \(entry.sid)"
    }

    /// Compares a committed output with what the table generates now; a problem if it is missing or differs.
    public static func compare(committed: String?, generated: String, path: String, regenerate: String) -> String? {
        guard let committed else { return "\(path) is missing; write it with `\(regenerate)`" }
        guard committed != generated else { return nil }
        let old = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let new = generated.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(old.count, new.count)).first { old[$0] != new[$0] } ?? min(old.count, new.count)
        return "\(path) differs from the table (first at line \(line + 1)); regenerate it with `\(regenerate)` and commit it"
    }
}
