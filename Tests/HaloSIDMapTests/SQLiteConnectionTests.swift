import HaloTesting
import Testing
@testable import HaloSIDMap

/// The SID store's SQLite wrapper, on real files in a temporary directory.
@Suite("SQLiteConnection")
struct SQLiteConnectionTests {
    private struct Refusal: Error {}

    private func open(_ path: String, busyTimeout: Duration = .seconds(1)) throws -> SQLiteConnection {
        try SQLiteConnection(path: path, flags: [.readWrite, .create], busyTimeout: busyTimeout)
    }

    @Test("errors carry SQLite's extended code, its message, the file and the statement")
    func errors() throws {
        let dir = try TemporaryDirectory("sqlite")
        let missing = dir.file("no-such-directory/x.sqlite")
        #expect(throws: SQLiteError(code: 14, message: "unable to open database file", path: missing)) {
            try SQLiteConnection(path: missing, flags: .readOnly, busyTimeout: .zero)
        }
        let db = try open(dir.file("t.sqlite"))
        #expect { try db.execute("CREATE TABLEX t(x)") } throws: { error in
            let error = try #require(error as? SQLiteError)
            return error.code == 1 && error.message.contains("syntax error") && error.path == dir.file("t.sqlite")
                && error.sql == "CREATE TABLEX t(x)"
        }
        try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT NOT NULL)")
        try db.run("INSERT INTO t VALUES (?, ?)", [1, "one"])
        #expect { try db.run("INSERT INTO t VALUES (?, ?)", [1, "again"]) } throws: { error in
            // SQLITE_CONSTRAINT_PRIMARYKEY: the extended code, whose low byte is SQLITE_CONSTRAINT (19).
            let error = try #require(error as? SQLiteError)
            return error.code == 1555 && error.primaryCode == 19 && error.sql == "INSERT INTO t VALUES (?, ?)"
        }
        #expect(throws: SQLiteError(code: 25, message: "1 arguments for 2 parameters", path: dir.file("t.sqlite"), sql: "INSERT INTO t VALUES (?, ?)")) {
            try db.run("INSERT INTO t VALUES (?, ?)", [2])
        }
    }

    @Test("text (with a NUL and beyond the BMP), integers, reals and NULL are stored and read back as bound")
    func values() throws {
        let dir = try TemporaryDirectory("sqlite")
        let db = try open(dir.file("t.sqlite"))
        try db.execute("CREATE TABLE t(a, b, c, d, e)")
        let text = "a\u{0}b é \u{1F600}"
        try db.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [text, Int.min, 2.5, String?.none, ""])
        let row = try #require(try db.rows("SELECT a, b, c * 2, d, e, typeof(e) FROM t") { row in
            [row.text(0), String(row.int(1)), String(row.int(2)), row.optionalText(3) ?? "NULL", row.text(4), row.text(5)]
        }.first)
        #expect(row == [text, String(Int.min), "5", "NULL", "", "text"])
    }

    @Test("a transaction whose body throws is rolled back, and its error is the one thrown")
    func rollback() throws {
        let dir = try TemporaryDirectory("sqlite")
        let db = try open(dir.file("t.sqlite"))
        try db.execute("CREATE TABLE t(x)")
        #expect(throws: Refusal.self) {
            try db.transaction(.immediate) {
                try db.run("INSERT INTO t VALUES (?)", [1])
                throw Refusal()
            }
        }
        #expect(!db.isInTransaction)
        #expect(try open(dir.file("t.sqlite")).rows("SELECT COUNT(*) FROM t") { $0.int(0) } == [0])
        try db.transaction(.immediate) { try db.run("INSERT INTO t VALUES (?)", [2]) }
        #expect(try open(dir.file("t.sqlite")).rows("SELECT x FROM t") { $0.int(0) } == [2])
    }

    @Test("a write while another connection holds a write transaction waits the busy timeout, then fails with SQLITE_BUSY")
    func busy() throws {
        let dir = try TemporaryDirectory("sqlite")
        let holder = try open(dir.file("t.sqlite"))
        try holder.execute("CREATE TABLE t(x)")
        let waiter = try open(dir.file("t.sqlite"), busyTimeout: .milliseconds(400))
        try holder.execute("BEGIN IMMEDIATE TRANSACTION")
        let began = ContinuousClock.now
        #expect(throws: SQLiteError(code: 5, message: "database is locked", path: dir.file("t.sqlite"), sql: "BEGIN IMMEDIATE TRANSACTION")) {
            try waiter.transaction(.immediate) { try waiter.run("INSERT INTO t VALUES (?)", [1]) }
        }
        let waited = ContinuousClock.now - began
        #expect(waited >= .milliseconds(400) && waited < .seconds(5), "waited \(waited)")
        #expect(!waiter.isInTransaction)
        try holder.execute("COMMIT TRANSACTION")
        try waiter.transaction(.immediate) { try waiter.run("INSERT INTO t VALUES (?)", [1]) }
        #expect(try holder.rows("SELECT COUNT(*) FROM t") { $0.int(0) } == [1])
        #expect(SIDStore.translate(SQLiteError(code: 5, message: "database is locked", path: "p"), path: "p") as? SIDMapError
            == .databaseUnavailable(path: "p", reason: "another process kept it locked for more than 10 s (database is locked); try again"))
    }
}
