/// A failed SQLite call: SQLite's result code and message, the database file, and the statement if
/// there was one.
struct SQLiteError: Error, Equatable, CustomStringConvertible {
    /// SQLite's extended result code (e.g. 776, `SQLITE_READONLY_ROLLBACK`).
    var code: Int32
    /// What SQLite said (`sqlite3_errmsg`), e.g. `database is locked`.
    var message: String
    /// The database file, as it was opened.
    var path: String
    /// The SQL that failed; `nil` when opening failed.
    var sql: String?

    /// The primary result code (the low byte of ``code``), e.g. 8, `SQLITE_READONLY`.
    var primaryCode: Int32 { code & 0xFF }

    /// E.g. `/var/lib/halo-events/cloudpassage-halo.sqlite: database is locked (SQLite code 5) in BEGIN IMMEDIATE TRANSACTION`.
    var description: String {
        "\(path): \(message) (SQLite code \(code))" + (sql.map { " in \($0)" } ?? "")
    }
}
