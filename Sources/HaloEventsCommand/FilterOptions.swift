import ArgumentParser
import HaloConnector

/// `--types` and `--exclude-types`: the Halo event types a run delivers. The others are read and move the
/// checkpoint as usual (they are never read again), but are not written; the summary counts them.
struct FilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Deliver only events of these Halo types, a comma list (e.g. lids_rule_failed,fim_target_integrity_changed); events without a type are left out too.", valueName: "TYPES"))
    var types: String?

    @Option(name: .customLong("exclude-types"), help: ArgumentHelp("Do not deliver events of these Halo types, a comma list.", valueName: "TYPES"))
    var excludeTypes: String?

    /// The filter the flags describe; a `UsageError` names the flag that is wrong.
    func resolve() throws(UsageError) -> EventTypeFilter {
        let only = try types.map { text throws(UsageError) in try FilterOptions.list(text, flag: "--types") }
        let except = try excludeTypes.map { text throws(UsageError) in try FilterOptions.list(text, flag: "--exclude-types") } ?? []
        if let only, let both = only.intersection(except).sorted().first {
            throw UsageError("--types and --exclude-types both name \(both): name each type in one of them")
        }
        return EventTypeFilter(only: only, except: except)
    }

    /// The types of a comma list, each as Halo spells types (lowercase letters, digits and `_`).
    private static func list(_ text: String, flag: String) throws(UsageError) -> Set<String> {
        let names = text.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw UsageError("\(flag) needs a comma list of Halo event types") }
        for name in names where !name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) {
            throw UsageError("\(flag): `\(name)` is not a Halo event type (lowercase letters, digits and `_`, e.g. lids_rule_failed)")
        }
        return Set(names)
    }
}
