/// What went wrong in the SID table, its files or a plugin, said for the person who has to fix it:
/// what failed, where, and what to do.
public enum SIDMapError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No database file at the path.
    case databaseMissing(path: String)
    /// `init` would overwrite an existing database.
    case databaseExists(path: String)
    /// The file is not a SID database: not SQLite, damaged, or another program's database.
    case notASIDDatabase(path: String, reason: String)
    /// The database could not be read or written (locked past the busy timeout, read-only, disk full),
    /// or its schema is one this program cannot use (written by a newer halo-sidbuilder; an older one
    /// opened read-only).
    case databaseUnavailable(path: String, reason: String)
    /// A seed or taxonomy file has a bad line.
    case invalidSeed(file: String, line: Int, String)
    /// A change was refused because it would break the table (duplicate SID, SID out of range, alias
    /// conflict, renumbering without `--force`).
    case refused(String)
    /// The SID, type or name asked for is not in the table.
    case notFound(String)
    /// A plugin file cannot be used.
    case invalidPlugin(file: String, line: Int?, String)
    /// A file could not be read.
    case fileUnavailable(path: String, reason: String)
    /// A file could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .databaseMissing(let path):
            return "no SID database at \(path); create it with `halo-sidbuilder init --db \(path)`"
        case .databaseExists(let path):
            return "\(path) already exists; use `init --force` to replace its SID table (unmapped types are kept)"
        case .notASIDDatabase(let path, let reason):
            return "\(path) is not a usable SID database (\(reason)); restore it from a backup, or rebuild it with `halo-sidbuilder init --force --db \(path)` (which keeps the old file as \(path).unusable-<time>)"
        case .databaseUnavailable(let path, let reason):
            return "cannot use the SID database \(path): \(reason)"
        case .invalidSeed(let file, let line, let message):
            return "\(file), line \(line): \(message)"
        case .refused(let message):
            return "refused: \(message)"
        case .notFound(let message):
            return message
        case .invalidPlugin(let file, let line, let message):
            return line.map { "\(file), line \($0): \(message)" } ?? "\(file): \(message)"
        case .fileUnavailable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
