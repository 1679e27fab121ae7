import CSQLite

/// A value SQLite stores: what a statement's `?` parameters are bound to.
enum SQLiteValue: Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null
}

/// A Swift value that binds to a statement parameter as an ``SQLiteValue``.
protocol SQLiteBindable {
    var sqliteValue: SQLiteValue { get }
}

extension Int: SQLiteBindable {
    var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Bool: SQLiteBindable {
    var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
}

extension Double: SQLiteBindable {
    var sqliteValue: SQLiteValue { .real(self) }
}

extension String: SQLiteBindable {
    var sqliteValue: SQLiteValue { .text(self) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
}

/// One compiled statement of a ``SQLiteConnection``, run as often as needed (each run binds its
/// arguments afresh). Finalized when released.
final class SQLiteStatement {
    /// The statement's SQL.
    let sql: String
    private let handle: OpaquePointer
    private let connection: SQLiteConnection

    init(_ handle: OpaquePointer, sql: String, connection: SQLiteConnection) {
        self.handle = handle
        self.sql = sql
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Runs the statement with `arguments` bound to its `?` parameters, ignoring any rows.
    func run(_ arguments: [any SQLiteBindable] = []) throws {
        try bind(arguments)
        while try step() {}
    }

    /// The rows the statement gives with `arguments` bound to its `?` parameters, each made by `read`.
    func rows<T>(_ arguments: [any SQLiteBindable] = [], _ read: (SQLiteRow) throws -> T) throws -> [T] {
        try bind(arguments)
        var rows: [T] = []
        while try step() { rows.append(try read(SQLiteRow(handle: handle))) }
        return rows
    }

    /// Resets the statement and binds `arguments` to its parameters, in order.
    private func bind(_ arguments: [any SQLiteBindable]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard arguments.count == Int(sqlite3_bind_parameter_count(handle)) else {
            throw SQLiteError(
                code: SQLITE_RANGE, message: "\(arguments.count) arguments for \(sqlite3_bind_parameter_count(handle)) parameters",
                path: connection.path, sql: sql)
        }
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32 = switch argument.sqliteValue {
            case .integer(let value): sqlite3_bind_int64(handle, index, value)
            case .real(let value): sqlite3_bind_double(handle, index, value)
            case .null: sqlite3_bind_null(handle, index)
            case .text(let value):
                // With its byte count, so that a NUL inside the text is stored, not cut at.
                value.utf8CString.withUnsafeBufferPointer {
                    sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count - 1), Self.transient)
                }
            }
            guard code == SQLITE_OK else { throw connection.failure(code, sql: sql) }
        }
    }

    /// Steps once: `true` when a row is ready, `false` when the statement is done.
    private func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            let error = connection.failure(code, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// `SQLITE_TRANSIENT`: SQLite copies a bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// The current row of a statement, read by column index (0 first); valid only while the statement's
/// `read` closure runs.
struct SQLiteRow {
    fileprivate let handle: OpaquePointer

    /// Whether the column is NULL.
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// The column as an integer (NULL reads as 0).
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    /// The column as an integer, `nil` when NULL.
    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }

    /// The column as text (NULL reads as empty).
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    /// The column as text, `nil` when NULL.
    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
}
