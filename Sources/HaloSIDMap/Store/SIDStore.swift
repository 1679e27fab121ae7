import Foundation
import GRDB

/// The SID table in SQLite: the file `halo-sidbuilder` edits and the connector reads (and records
/// unmapped types into).
///
/// Read-write stores use a WAL-mode `DatabasePool` with a busy timeout, so the connector (cron, every few
/// minutes) and an admin running the builder can use the file at the same time without failing or
/// corrupting it: writes are serialized by SQLite, each change is one transaction. A read-only store
/// opens a `DatabaseQueue` that never writes, and still works on a read-only copy or filesystem.
public final class SIDStore: Sendable {
    /// How a store is opened.
    public enum Access: Sendable {
        /// Read and write; upgrades an older schema.
        case readWrite
        /// Read only; never writes, works on a read-only copy.
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

    /// Opens an existing SID database.
    /// - Throws: ``SIDMapError/databaseMissing(path:)`` when there is no file, ``SIDMapError/notASIDDatabase(path:reason:)``
    ///   when it is not a SID database (or a damaged one), ``SIDMapError/databaseUnavailable(path:reason:)``
    ///   when it cannot be opened, or its schema is newer than this program's (or older, opened read-only).
    public init(path: String, access: Access = .readWrite) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw SIDMapError.databaseMissing(path: path) }
        guard !isDirectory.boolValue else {
            throw SIDMapError.databaseUnavailable(path: path, reason: "it is a directory; give the path of the SID database file")
        }
        self.path = path
        let probe = try Self.openReadOnly(path)
        try Self.verify(probe, path: path, requireCurrentSchema: access == .readOnly)
        switch access {
        case .readOnly:
            reader = probe
            writer = nil
        case .readWrite:
            let pool = try Self.translatingErrors(path) { try DatabasePool(path: path, configuration: Self.configuration(readonly: false)) }
            try Self.translatingErrors(path) { try Self.migrator.migrate(pool) }
            reader = pool
            writer = pool
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
            try translatingErrors(path) {
                let pool = try DatabasePool(path: path, configuration: configuration(readonly: false))
                try migrator.migrate(pool)
            }
            let store = try SIDStore(path: path, access: .readWrite)
            try store.replaceTable(with: table)
            return store
        } catch {
            // Leave no half-made database behind.
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }

    /// The name an unusable database file gets when `init --force` replaces it.
    public static func asidePath(for path: String, at date: Date = Date()) -> String {
        "\(path).unusable-\(Int(date.timeIntervalSince1970))"
    }

    private static func moveAside(_ path: String) throws {
        let aside = asidePath(for: path)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
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
    /// WAL index (`-shm`) a WAL database needs; such a copy is opened `immutable` instead.
    static func openReadOnly(_ path: String) throws -> DatabaseQueue {
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration(readonly: true))
            _ = try queue.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }
            return queue
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

    static func verify(_ reader: any DatabaseReader, path: String, requireCurrentSchema: Bool) throws {
        try translatingErrors(path) {
            try reader.read { db in
                let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                guard id == applicationID else {
                    let tables = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0
                    throw SIDMapError.notASIDDatabase(
                        path: path, reason: tables == 0 ? "the file is empty" : "it is an SQLite database of another program")
                }
                // A newer or older schema is a usable database, not one to rebuild (`init --force` leaves it alone).
                let applied = try migrator.appliedIdentifiers(db)
                let unknown = applied.subtracting(migrator.migrations)
                guard unknown.isEmpty else {
                    throw SIDMapError.databaseUnavailable(
                        path: path,
                        reason: "it was written by a newer halo-sidbuilder (schema \(unknown.sorted().joined(separator: ", "))), which this one cannot read; use the newer halo-sidbuilder and halo-events with it")
                }
                if requireCurrentSchema, try !migrator.hasCompletedMigrations(db) {
                    throw SIDMapError.databaseUnavailable(
                        path: path,
                        reason: "its schema is older than this program's and a read-only command cannot upgrade it; open it once read-write where it is writable (halo-events, or a halo-sidbuilder command that changes the table) to upgrade it")
                }
            }
        }
    }

    /// A writer, or an error saying the store was opened read-only.
    func requireWriter() throws -> any DatabaseWriter {
        guard let writer else {
            throw SIDMapError.databaseUnavailable(path: path, reason: "it was opened read-only")
        }
        return writer
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
