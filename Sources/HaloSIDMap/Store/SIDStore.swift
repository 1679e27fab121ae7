import Foundation
import GRDB

/// The SID table in SQLite: the file `halo-sidbuilder` edits and the connector reads (and records
/// unmapped types into).
///
/// The file is in SQLite's rollback-journal mode (`journal_mode=DELETE`) and every connection has a busy
/// timeout, so the connector (cron, every few minutes) and an admin running the builder can use it at the
/// same time without failing or corrupting it: writes are serialized by SQLite, each change is one
/// transaction. A ``Access/readOnly`` store opens the file with `SQLITE_OPEN_READONLY`: it never writes a
/// byte and leaves the directory as it was (no `-journal`, `-wal` or `-shm` file; WAL mode, used before,
/// needs a `-shm` file that a read-only connection leaves behind). A table of that older WAL mode is
/// turned into a rollback-journal one by its first read-write open.
///
/// A damaged file is refused before anything is written: opening runs SQLite's integrity check (about
/// 10 ms on a 10 000-type table), and so does every write transaction before its first write.
public final class SIDStore: Sendable {
    /// How a store is opened.
    public enum Access: Sendable {
        /// Read and write; upgrades an older schema (and the older WAL mode).
        case readWrite
        /// Read only (`SQLITE_OPEN_READONLY`): never writes, creates no file, works on a read-only copy;
        /// refuses a table of an older schema, which only a read-write open can upgrade.
        case readOnly
    }

    /// The database file.
    public let path: String
    let reader: any DatabaseReader
    let writer: (any DatabaseWriter)?

    /// How long a write waits for another process's write to finish before failing.
    public static let busyTimeout: TimeInterval = 10

    /// `PRAGMA application_id` of SID databases ("HALO"), so that another program's SQLite file is
    /// never taken for one.
    static let applicationID: Int32 = 0x4841_4C4F

    /// Opens an existing SID database, after checking that it is an undamaged one.
    /// - Throws: ``SIDMapError/databaseMissing(path:)`` when there is no file, ``SIDMapError/notASIDDatabase(path:reason:)``
    ///   when it is not a SID database (or a damaged one: the file is then left as it was),
    ///   ``SIDMapError/databaseUnavailable(path:reason:)`` when it cannot be opened, ``SIDMapError/schemaNewer(path:migrations:)``
    ///   when a newer halo-sidbuilder wrote it, ``SIDMapError/schemaOutdated(path:)`` when its schema is older
    ///   and `access` is ``Access/readOnly`` (open it ``Access/readWrite`` once to upgrade it).
    public init(path: String, access: Access = .readWrite) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw SIDMapError.databaseMissing(path: path) }
        guard !isDirectory.boolValue else {
            throw SIDMapError.databaseUnavailable(path: path, reason: "it is a directory; give the path of the SID database file")
        }
        self.path = path
        switch access {
        case .readOnly:
            let queue = try Self.openReadOnly(path)
            try Self.verify(queue, path: path, requireCurrentSchema: true)
            reader = queue
            writer = nil
        case .readWrite:
            // The read-only probe is closed before the read-write connection opens (leaving WAL mode needs
            // the file to itself).
            try Self.verify(Self.openReadOnly(path), path: path, requireCurrentSchema: false)
            let queue = try Self.openReadWrite(path)
            try Self.translatingErrors(path) { try Self.migrator.migrate(queue) }
            reader = queue
            writer = queue
        }
    }

    /// This store's file opened for `access`: `self` if it is open so already, else a new store, checked
    /// and (read-write) upgraded as ``init(path:access:)`` does. A reader that writes only now and then
    /// (the connector records unmapped types) opens `.readOnly` and reopens `.readWrite` when it first
    /// has something to write.
    public func reopened(_ access: Access) throws -> SIDStore {
        switch (access, writer) {
        case (.readOnly, nil), (.readWrite, .some): self
        default: try SIDStore(path: path, access: access)
        }
    }

    /// Creates a SID database holding `table`, or with `replacing` refills an existing one (its SID
    /// table is replaced in one transaction; unmapped types are kept). A file that is no usable SID
    /// database is, with `replacing`, moved aside to `<path>.unusable-<time>` and a new one created.
    /// A table with ``TableChecker/sqlProblems(_:)`` is refused before any file is touched.
    public static func create(path: String, table: SIDTable, replacing: Bool = false) throws -> SIDStore {
        try TableChecker.refuseSQLProblems(table)
        if FileManager.default.fileExists(atPath: path) {
            guard replacing else { throw SIDMapError.databaseExists(path: path) }
            do {
                let store = try SIDStore(path: path, access: .readWrite)
                try store.replaceTable(with: table)
                return store
            } catch SIDMapError.notASIDDatabase {
                try moveAside(path)
            }
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory) else {
            throw SIDMapError.cannotWrite(path: path, reason: "the directory \(directory) does not exist")
        }
        do {
            try translatingErrors(path) { try migrator.migrate(openReadWrite(path)) }
            let store = try SIDStore(path: path, access: .readWrite)
            try store.replaceTable(with: table)
            return store
        } catch {
            // Leave no half-made database behind.
            for suffix in [""] + companionSuffixes { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }

    /// The files SQLite keeps beside a database at times (rollback journal; WAL and its index, of the
    /// older WAL mode), named `<path><suffix>`: they belong to the database and move with it.
    public static let companionSuffixes = ["-journal", "-wal", "-shm"]

    /// The name an unusable database file gets when ``create(path:table:replacing:)`` replaces it.
    public static func asidePath(for path: String, at date: Date = Date()) -> String {
        "\(path).unusable-\(Int(date.timeIntervalSince1970))"
    }

    private static func moveAside(_ path: String) throws {
        let aside = asidePath(for: path)
        for suffix in [""] + companionSuffixes where FileManager.default.fileExists(atPath: path + suffix) {
            do {
                try FileManager.default.moveItem(atPath: path + suffix, toPath: aside + suffix)
            } catch {
                throw SIDMapError.cannotWrite(path: path, reason: "cannot move the unusable file aside to \(aside + suffix): \(error.localizedDescription)")
            }
        }
    }

    static func configuration(readonly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readonly
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "SIDStore"
        return configuration
    }

    /// Opens a read-only connection. On a read-only directory or filesystem SQLite cannot create the
    /// WAL index (`-shm`) a database of the older WAL mode needs; such a copy is opened `immutable`
    /// instead. A database with a hot journal (a write was interrupted) is refused: only a read-write
    /// open can roll it back, and reading past it would read a half-written table.
    static func openReadOnly(_ path: String) throws -> DatabaseQueue {
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration(readonly: true))
            _ = try queue.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }
            return queue
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_READONLY_ROLLBACK {
            throw SIDMapError.databaseUnavailable(
                path: path, reason: "a write to it was interrupted and a read-only open cannot roll it back; open it once read-write to do so")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY {
            var allowed = CharacterSet.urlPathAllowed
            allowed.remove(charactersIn: "?#%")
            let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
            return try translatingErrors(path) {
                try DatabaseQueue(path: "file:\(encoded)?immutable=1", configuration: configuration(readonly: true))
            }
        } catch {
            throw translate(error, path: path)
        }
    }

    /// Opens the read-write connection, in rollback-journal mode. A database of the older WAL mode is
    /// switched to it when no other process has the file open (else it stays in WAL mode, which works
    /// as well, until a later open).
    static func openReadWrite(_ path: String) throws -> DatabaseQueue {
        try translatingErrors(path) {
            let queue = try DatabaseQueue(path: path, configuration: configuration(readonly: false))
            try queue.writeWithoutTransaction { db in
                if try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal" {
                    _ = try? String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
                }
            }
            return queue
        }
    }

    /// Refuses a damaged file: SQLite's `PRAGMA integrity_check` (b-tree pages, free list, records,
    /// and that every index matches its table; `quick_check` misses the last, which is where most
    /// overwritten bytes show) must say `ok`. Cost, measured (SQLite 3.40, 2 shared cores): about 10 ms
    /// on a table of 10 000 types (1.6 MB), under 1 ms on the built-in table of 208 SIDs (90 KB).
    /// - Throws: ``SIDMapError/notASIDDatabase(path:reason:)`` naming SQLite's first finding.
    static func checkIntegrity(_ db: Database, path: String) throws {
        let finding = try String.fetchOne(db, sql: "PRAGMA integrity_check(1)") ?? "no answer"
        guard finding == "ok" else {
            // One line: SQLite heads a finding about a b-tree page with "*** in database main ***\n".
            let said = finding.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("*** ") }.joined(separator: "; ")
            throw SIDMapError.notASIDDatabase(path: path, reason: "it is damaged: \(said)")
        }
    }

    static func verify(_ reader: any DatabaseReader, path: String, requireCurrentSchema: Bool) throws {
        try translatingErrors(path) {
            try reader.read { db in
                let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                guard id == applicationID else {
                    let tables = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0
                    throw SIDMapError.notASIDDatabase(
                        path: path, reason: tables == 0 ? "the file is empty" : "it is an SQLite database of another program")
                }
                try checkIntegrity(db, path: path)
                // A newer or older schema is a usable database, not one to rebuild (`init --force` leaves it alone).
                let applied = try migrator.appliedIdentifiers(db)
                let unknown = applied.subtracting(migrator.migrations)
                guard unknown.isEmpty else {
                    throw SIDMapError.schemaNewer(path: path, migrations: unknown.sorted())
                }
                if requireCurrentSchema, try !migrator.hasCompletedMigrations(db) {
                    throw SIDMapError.schemaOutdated(path: path)
                }
            }
        }
    }

    /// Runs `body` in one write transaction (waiting up to ``busyTimeout`` for another process's), after
    /// ``checkIntegrity(_:path:)`` in that transaction: a damaged file is refused before anything is written.
    /// - Throws: ``SIDMapError/databaseUnavailable(path:reason:)`` on a store opened read-only.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        guard let writer else {
            throw SIDMapError.databaseUnavailable(path: path, reason: "it was opened read-only")
        }
        return try translatingErrors {
            try writer.write { db in
                try Self.checkIntegrity(db, path: path)
                return try body(db)
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
        guard let error = error as? DatabaseError else { return error }
        let message = error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return SIDMapError.notASIDDatabase(path: path, reason: message)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return SIDMapError.databaseUnavailable(
                path: path, reason: "another process kept it locked for more than \(Int(busyTimeout)) s (\(message)); try again")
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
            return SIDMapError.databaseUnavailable(path: path, reason: "\(message); check the file's and directory's permissions")
        case .SQLITE_FULL:
            return SIDMapError.databaseUnavailable(path: path, reason: "the disk is full")
        default:
            return SIDMapError.databaseUnavailable(path: path, reason: message)
        }
    }
}
