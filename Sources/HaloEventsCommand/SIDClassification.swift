import HaloConnector
import HaloSIDClassifier
import HaloSIDMap

/// The SID table of a run: from `--sidmap=DB` (read once, read-only; unmapped types are recorded back
/// into it as their batches commit, the database opened for writing only then), else the table built into
/// the program (nothing recorded).
public struct SIDClassification: Sendable {
    public var classifier: SIDResolver
    public var recorder: SIDTableRecorder?

    /// The table built into the program; nothing recorded.
    public static let builtIn = SIDClassification(classifier: .builtIn, recorder: nil)

    /// The table of `--sidmap=database`, or the built-in one; the error is the sentence to say.
    public static func load(database: String?) throws(SIDClassificationError) -> SIDClassification {
        guard let database else { return .builtIn }
        do {
            let store: SIDStore
            do { store = try SIDStore(path: database, access: .readOnly) } catch SIDMapError.schemaOutdated {
                // An older schema is upgraded once, by a read-write open.
                store = try SIDStore(path: database, access: .readWrite)
            }
            return SIDClassification(classifier: SIDResolver(table: try store.loadTable()), recorder: SIDTableRecorder(store))
        } catch {
            throw SIDClassificationError(
                description: "cannot use --sidmap=\(database): \(error). \(advice(for: error, database: database))")
        }
    }

    /// What to do about `error`: only a missing or unusable file is a case for `halo-sidbuilder init`.
    private static func advice(for error: any Error, database: String) -> String {
        switch error {
        case SIDMapError.databaseUnavailable, SIDMapError.schemaNewer, SIDMapError.schemaOutdated:
            "Fix that and run again, or leave --sidmap out to use the built-in table"
        default:
            "Create it with `halo-sidbuilder init --db \(database)`, or leave --sidmap out to use the built-in table"
        }
    }
}

/// The SID table of `--sidmap` cannot be used (the description is the sentence to say).
public struct SIDClassificationError: Error, CustomStringConvertible {
    public var description: String
}
