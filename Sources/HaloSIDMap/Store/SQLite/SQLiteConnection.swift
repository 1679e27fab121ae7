import CSQLite

/// One connection to an SQLite database file, through the system's libsqlite3 (the `CSQLite` module).
///
/// Why not GRDB, which the SID table used before: on Linux GRDB imports the whole Foundation, which loads
/// FoundationInternationalization and ICU (`lib_FoundationICU.so` and its companions: 54 MB of the 86 MB
/// of libraries a release package would carry to the sensor), and the SID table needs only a handful
/// of statements. This is what those statements need and nothing more: open with flags and a busy
/// timeout, ``execute(_:)``, prepared statements (``SQLiteStatement``: bind, step, read columns),
/// transactions that roll back when their body throws, and ``SQLiteError``s that carry SQLite's code and
/// message and the file.
///
/// A connection is for one thread at a time: ``SIDStore`` keeps its own behind a mutex (as GRDB's
/// `DatabaseQueue` did). It closes when the last reference to it (its statements hold one) goes.
final class SQLiteConnection {
    /// How `sqlite3_open_v2` opens the file.
    struct OpenFlags: OptionSet {
        let rawValue: Int32
        /// Never write (`SQLITE_OPEN_READONLY`).
        static let readOnly = OpenFlags(rawValue: SQLITE_OPEN_READONLY)
        /// Read and write (`SQLITE_OPEN_READWRITE`).
        static let readWrite = OpenFlags(rawValue: SQLITE_OPEN_READWRITE)
        /// Create the file if there is none (`SQLITE_OPEN_CREATE`, with ``readWrite``).
        static let create = OpenFlags(rawValue: SQLITE_OPEN_CREATE)
        /// The path is a `file:` URI with parameters such as `immutable=1` (`SQLITE_OPEN_URI`).
        static let uri = OpenFlags(rawValue: SQLITE_OPEN_URI)
    }

    /// How a transaction takes its locks (https://sqlite.org/lang_transaction.html).
    enum TransactionKind: String {
        /// Locks as the statements need them: a read takes the shared lock at its first read.
        case deferred = "DEFERRED"
        /// Takes the write lock at once (waiting up to the busy timeout for another writer), so that a
        /// write transaction never fails half-way for want of it.
        case immediate = "IMMEDIATE"
    }

    /// The file (or URI) as it was opened.
    let path: String
    private let handle: OpaquePointer

    /// Opens `path` with `flags`; statements wait up to `busyTimeout` for another connection's lock
    /// before failing with `SQLITE_BUSY`. Foreign keys are enforced (`PRAGMA foreign_keys = ON`) and
    /// errors carry extended result codes.
    /// - Throws: ``SQLiteError`` when the file cannot be opened.
    init(path: String, flags: OpenFlags, busyTimeout: Duration) throws {
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(path, &opened, flags.rawValue, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.flatMap(sqlite3_errmsg) ?? sqlite3_errstr(code)
            let error = SQLiteError(
                code: opened.map(sqlite3_extended_errcode) ?? code, message: message.map { String(cString: $0) } ?? "", path: path)
            sqlite3_close_v2(opened)
            throw error
        }
        self.path = path
        handle = opened
        sqlite3_extended_result_codes(handle, 1)
        let (seconds, attoseconds) = busyTimeout.components
        sqlite3_busy_timeout(handle, Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        try execute("PRAGMA foreign_keys = ON")
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs `sql`, one or more statements separated by `;`, without parameters or results.
    /// - Throws: ``SQLiteError`` for the first statement that fails (the ones before it took effect).
    func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw failure(code, sql: sql) }
    }

    /// Compiles one statement, to run once or many times.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK else { throw failure(code, sql: sql) }
        guard let statement else { throw SQLiteError(code: SQLITE_MISUSE, message: "no statement", path: path, sql: sql) }
        return SQLiteStatement(statement, sql: sql, connection: self)
    }

    /// Runs one statement with `arguments` bound to its `?` parameters, ignoring any rows.
    func run(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws {
        try prepare(sql).run(arguments)
    }

    /// The rows one statement gives with `arguments` bound to its `?` parameters, each made by `read`.
    func rows<T>(_ sql: String, _ arguments: [any SQLiteBindable] = [], _ read: (SQLiteRow) throws -> T) throws -> [T] {
        try prepare(sql).rows(arguments, read)
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it (or the commit)
    /// throws. The first error is the one thrown.
    func transaction<T>(_ kind: TransactionKind, _ body: () throws -> T) throws -> T {
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        do {
            let result = try body()
            try execute("COMMIT TRANSACTION")
            return result
        } catch {
            // SQLite rolls some failures back by itself (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY, ...).
            if isInTransaction { try? execute("ROLLBACK TRANSACTION") }
            throw error
        }
    }

    /// Whether a transaction is open (the connection is not in autocommit mode).
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The error of a call on this connection that returned `code`, with SQLite's message for it.
    func failure(_ code: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: code, message: sqlite3_errmsg(handle).map { String(cString: $0) } ?? "", path: path, sql: sql)
    }
}
