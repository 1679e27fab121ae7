import CSQLite

extension SIDStore {
    /// Opens a connection with the store's busy timeout.
    private static func connect(_ path: String, _ flags: SQLiteConnection.OpenFlags) throws -> SQLiteConnection {
        try SQLiteConnection(path: path, flags: flags, busyTimeout: .seconds(busyTimeout))
    }

    /// Opens a read-only connection. On a read-only directory or filesystem SQLite cannot create the
    /// WAL index (`-shm`) a database of the older WAL mode needs; such a copy is opened `immutable`
    /// instead. A database with a hot journal (a write was interrupted) is refused: only a read-write
    /// open can roll it back, and reading past it would read a half-written table.
    static func openReadOnly(_ path: String) throws -> SQLiteConnection {
        do {
            let connection = try connect(path, .readOnly)
            try connection.run("PRAGMA application_id")
            return connection
        } catch let error as SQLiteError where error.code == readOnlyRollback {
            throw SIDMapError.databaseUnavailable(
                path: path, reason: "a write to it was interrupted and a read-only open cannot roll it back; open it once read-write to do so")
        } catch let error as SQLiteError where error.primaryCode == SQLITE_CANTOPEN || error.primaryCode == SQLITE_READONLY {
            return try translatingErrors(path) { try connect("file:\(uriEscaped(path))?immutable=1", [.readOnly, .uri]) }
        } catch {
            throw translate(error, path: path)
        }
    }

    /// `SQLITE_READONLY_ROLLBACK` (a C macro Swift does not import): a read-only connection found a hot
    /// journal.
    private static let readOnlyRollback = SQLITE_READONLY | (3 << 8)

    /// `path` as the path of a `file:` URI: the characters a URI gives a meaning to (`%`, `?`, `#`)
    /// percent-encoded.
    private static func uriEscaped(_ path: String) -> String {
        var escaped = ""
        for character in path {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3F"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Opens the read-write connection, in rollback-journal mode. A database of the older WAL mode is
    /// switched to it when no other process has the file open (else it stays in WAL mode, which works
    /// as well, until a later open).
    static func openReadWrite(_ path: String) throws -> SQLiteConnection {
        try translatingErrors(path) {
            let connection = try connect(path, [.readWrite, .create])
            let mode = try connection.rows("PRAGMA journal_mode") { $0.text(0) }
            if mode.first == "wal" {
                try? connection.run("PRAGMA journal_mode = DELETE")
            }
            return connection
        }
    }

    /// Refuses a damaged file: SQLite's `PRAGMA integrity_check` (b-tree pages, free list, records,
    /// and that every index matches its table; `quick_check` misses the last, which is where most
    /// overwritten bytes show) must say `ok`. Cost, measured (SQLite 3.40, 2 shared cores): about 10 ms
    /// on a table of 10 000 types (1.6 MB), under 1 ms on the built-in table of 208 SIDs (90 KB).
    /// - Throws: ``SIDMapError/notASIDDatabase(path:reason:)`` naming SQLite's first finding.
    static func checkIntegrity(_ db: SQLiteConnection, path: String) throws {
        let finding = try db.rows("PRAGMA integrity_check(1)") { $0.text(0) }.first ?? "no answer"
        guard finding == "ok" else {
            // One line: SQLite heads a finding about a b-tree page with "*** in database main ***\n".
            let said = finding.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("*** ") }.joined(separator: "; ")
            throw SIDMapError.notASIDDatabase(path: path, reason: "it is damaged: \(said)")
        }
    }

    static func verify(_ db: SQLiteConnection, path: String, requireCurrentSchema: Bool) throws {
        try translatingErrors(path) {
            try db.transaction(.deferred) {
                let id = try db.rows("PRAGMA application_id") { Int32(truncatingIfNeeded: $0.int(0)) }.first ?? 0
                guard id == applicationID else {
                    let tables = try db.rows("SELECT COUNT(*) FROM sqlite_master") { $0.int(0) }.first ?? 0
                    throw SIDMapError.notASIDDatabase(
                        path: path, reason: tables == 0 ? "the file is empty" : "it is an SQLite database of another program")
                }
                try checkIntegrity(db, path: path)
                // A newer or older schema is a usable database, not one to rebuild (`init --force` leaves it alone).
                let applied = try appliedMigrations(db)
                let unknown = applied.subtracting(migrations.map(\.identifier))
                guard unknown.isEmpty else {
                    throw SIDMapError.schemaNewer(path: path, migrations: unknown.sorted())
                }
                if requireCurrentSchema, !migrations.allSatisfy({ applied.contains($0.identifier) }) {
                    throw SIDMapError.schemaOutdated(path: path)
                }
            }
        }
    }

    /// Runs `body`, turning SQLite errors into ``SIDMapError``s that name the file.
    static func translatingErrors<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw translate(error, path: path) }
    }

    func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        try Self.translatingErrors(path, body)
    }

    static func translate(_ error: any Error, path: String) -> any Error {
        guard let error = error as? SQLiteError else { return error }
        let message = error.message
        switch error.primaryCode {
        case SQLITE_NOTADB, SQLITE_CORRUPT:
            return SIDMapError.notASIDDatabase(path: path, reason: message)
        case SQLITE_BUSY, SQLITE_LOCKED:
            return SIDMapError.databaseUnavailable(
                path: path, reason: "another process kept it locked for more than \(Int(busyTimeout)) s (\(message)); try again")
        case SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN:
            return SIDMapError.databaseUnavailable(path: path, reason: "\(message); check the file's and directory's permissions")
        case SQLITE_FULL:
            return SIDMapError.databaseUnavailable(path: path, reason: "the disk is full")
        default:
            return SIDMapError.databaseUnavailable(path: path, reason: message)
        }
    }
}
