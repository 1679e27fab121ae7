import HaloConnector
import HaloSIDMap

/// The SID table of a run: from `--sidmap=DB` (opened once; unmapped types are recorded back into it at
/// the end of the run), else the table built into the program (nothing recorded).
struct SIDClassification {
    var classifier: SIDResolver
    var store: SIDStore?

    static func load(database: String?) throws(ConfigurationError) -> SIDClassification {
        guard let database else { return SIDClassification(classifier: .builtIn, store: nil) }
        do {
            let store = try SIDStore(path: database)
            return SIDClassification(classifier: SIDResolver(table: try store.loadTable()), store: store)
        } catch {
            throw ConfigurationError("cannot use --sidmap=\(database): \(error). \(advice(for: error, database: database))")
        }
    }

    /// What to do about `error`: only a missing or unusable file is a case for `halo-sidbuilder init`.
    private static func advice(for error: any Error, database: String) -> String {
        switch error {
        case SIDMapError.databaseUnavailable:
            "Fix that and run again, or leave --sidmap out to use the built-in table"
        default:
            "Create it with `halo-sidbuilder init --db \(database)`, or leave --sidmap out to use the built-in table"
        }
    }
}
