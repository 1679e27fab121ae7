#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform
import Synchronization

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
    /// How the file is open.
    let access: Access
    /// The one connection, used by one caller at a time: each read is one transaction, each write one
    /// immediate transaction.
    private let connection: Mutex<SQLiteConnection>

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
        var status = stat()
        guard stat(path, &status) == 0 else { throw SIDMapError.databaseMissing(path: path) }
        guard status.st_mode & S_IFMT != S_IFDIR else {
            throw SIDMapError.databaseUnavailable(path: path, reason: "it is a directory; give the path of the SID database file")
        }
        self.path = path
        self.access = access
        switch access {
        case .readOnly:
            let readOnly = try Self.openReadOnly(path)
            try Self.verify(readOnly, path: path, requireCurrentSchema: true)
            connection = Mutex(readOnly)
        case .readWrite:
            // The read-only probe is closed before the read-write connection opens (leaving WAL mode needs
            // the file to itself).
            try Self.verify(Self.openReadOnly(path), path: path, requireCurrentSchema: false)
            let readWrite = try Self.openReadWrite(path)
            try Self.translatingErrors(path) { try Self.migrate(readWrite) }
            connection = Mutex(readWrite)
        }
    }

    /// This store's file opened for `access`: `self` if it is open so already, else a new store, checked
    /// and (read-write) upgraded as ``init(path:access:)`` does. A reader that writes only now and then
    /// (the connector records unmapped types) opens `.readOnly` and reopens `.readWrite` when it first
    /// has something to write.
    public func reopened(_ access: Access) throws -> SIDStore {
        access == self.access ? self : try SIDStore(path: path, access: access)
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
            try translatingErrors(path) { try migrate(openReadWrite(path)) }
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
            guard rename(path + suffix, aside + suffix) == 0 else {
                throw SIDMapError.cannotWrite(
                    path: path, reason: "cannot move the unusable file aside to \(aside + suffix): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Runs `body` in one read transaction: it sees one consistent state of the file.
    func read<T: Sendable>(_ body: @Sendable (SQLiteConnection) throws -> T) throws -> T {
        try translatingErrors {
            try connection.withLock { db in try db.transaction(.deferred) { try body(db) } }
        }
    }

    /// Runs `body` in one write transaction (waiting up to ``busyTimeout`` for another process's), after
    /// ``checkIntegrity(_:path:)`` in that transaction: a damaged file is refused before anything is written.
    /// - Throws: ``SIDMapError/databaseUnavailable(path:reason:)`` on a store opened read-only.
    func write<T: Sendable>(_ body: @Sendable (SQLiteConnection) throws -> T) throws -> T {
        guard access == .readWrite else {
            throw SIDMapError.databaseUnavailable(path: path, reason: "it was opened read-only")
        }
        return try translatingErrors {
            try connection.withLock { db in
                try db.transaction(.immediate) {
                    try Self.checkIntegrity(db, path: path)
                    return try body(db)
                }
            }
        }
    }
}
