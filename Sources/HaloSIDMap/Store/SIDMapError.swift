/// What went wrong in the SID table, its files or a plugin: what failed and where, as values. Its
/// ``description`` states the facts without naming a program's command line; an executable turns it
/// into a sentence that says what to do (halo-sidbuilder's `sentence(for:)`).
public enum SIDMapError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No database file at the path.
    case databaseMissing(path: String)
    /// Creating a database where one exists, without replacing it.
    case databaseExists(path: String)
    /// The file is not a SID database: not SQLite, damaged, or another program's database.
    case notASIDDatabase(path: String, reason: String)
    /// The database could not be read or written (locked past the busy timeout, read-only, disk full).
    case databaseUnavailable(path: String, reason: String)
    /// The database was written by a newer halo-sidbuilder: its schema has `migrations` this program
    /// does not know, and cannot read.
    case schemaNewer(path: String, migrations: [String])
    /// The database's schema is older than this program's, and the store was opened read-only: only a
    /// read-write open upgrades it.
    case schemaOutdated(path: String)
    /// A seed or taxonomy file has a bad line.
    case invalidSeed(file: String, line: Int, String)
    /// A change or an output was refused because it would break the table or what OSSIM makes of it.
    case refused(Refusal)
    /// The SID, type or name asked for is not in the table.
    case notFound(Missing)
    /// A plugin file cannot be used.
    case invalidPlugin(file: String, line: Int?, String)
    /// A file could not be read.
    case fileUnavailable(path: String, reason: String)
    /// A file could not be written.
    case cannotWrite(path: String, reason: String)

    /// Why a change or an output was refused.
    public enum Refusal: Sendable, Equatable, CustomStringConvertible {
        /// Adding, or renumbering to, a SID the table has already.
        case sidExists(sid: Int, name: String)
        /// Renumbering a SID without `force`: OSSIM keeps past events under the old number.
        case renumberingNeedsForce(sid: Int, newSID: Int)
        /// Renumbering the generic SID.
        case genericSIDRenumbered
        /// Removing the generic SID.
        case genericSIDRemoved
        /// The sync range has no free SID left.
        case syncRangeFull
        /// A SID that breaks the table's rules (``SIDEntryRules``): each problem said.
        case entryProblems(sid: Int, problems: [String])
        /// A table OSSIM's columns cannot hold as it is (``TableChecker/sqlProblems(_:)``).
        case notStorableInOSSIM(problems: [String])
        /// A plugin `location` that is empty, or holds a control character or `%`.
        case pluginLocation(String)
        /// More field sets than the plugin's rule numbers (001-998) allow.
        case tooManyFieldSets(Int)

        public var description: String {
            switch self {
            case .sidExists(let sid, let name):
                "SID \(sid) already exists (\(name))"
            case .renumberingNeedsForce(let sid, let newSID):
                "SID \(sid) would become \(newSID): OSSIM keeps the history of past events under \(sid)"
            case .genericSIDRenumbered:
                "the generic SID \(SIDRanges.generic) cannot be renumbered"
            case .genericSIDRemoved:
                "the generic SID \(SIDRanges.generic) is what unknown events get; it cannot be removed"
            case .syncRangeFull:
                "the sync range \(SIDRanges.sync.lowerBound)-\(SIDRanges.sync.upperBound) is full"
            case .entryProblems(let sid, let problems):
                "SID \(sid): " + problems.joined(separator: "; ")
            case .notStorableInOSSIM(let problems):
                "OSSIM's tables cannot hold this table as it is (the SQL's INSERT IGNORE would cut or drop it without an error): "
                    + problems.joined(separator: "; ")
            case .pluginLocation(let location):
                "the plugin location `\(location)` must be a non-empty path without control characters or `%`"
            case .tooManyFieldSets(let count):
                "\(count) field sets: the plugin numbers its rules 001-998"
            }
        }
    }

    /// What was looked for and is not in the table.
    public enum Missing: Sendable, Equatable, CustomStringConvertible {
        /// A SID.
        case sid(Int)
        /// A type or legacy name that the SID does not map.
        case alias(sid: Int, alias: String)
        /// A SID, type or legacy name, given as text.
        case key(String)

        public var description: String {
            switch self {
            case .sid(let sid): "SID \(sid) is not in the table"
            case .alias(let sid, let alias): "SID \(sid) does not map `\(alias)`"
            case .key(let key): "`\(key)` is no SID, type or legacy name of the table"
            }
        }
    }

    public var description: String {
        switch self {
        case .databaseMissing(let path):
            "no SID database at \(path)"
        case .databaseExists(let path):
            "\(path) already exists"
        case .notASIDDatabase(let path, let reason):
            "\(path) is not a usable SID database (\(reason))"
        case .databaseUnavailable(let path, let reason):
            "cannot use the SID database \(path): \(reason)"
        case .schemaNewer(let path, let migrations):
            "cannot use the SID database \(path): it was written by a newer halo-sidbuilder (schema \(migrations.joined(separator: ", "))), which this one cannot read"
        case .schemaOutdated(let path):
            "cannot use the SID database \(path): its schema is older than this program's and a read-only open cannot upgrade it"
        case .invalidSeed(let file, let line, let message):
            "\(file), line \(line): \(message)"
        case .refused(let refusal):
            "refused: \(refusal)"
        case .notFound(let missing):
            missing.description
        case .invalidPlugin(let file, let line, let message):
            line.map { "\(file), line \($0): \(message)" } ?? "\(file): \(message)"
        case .fileUnavailable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }
}
