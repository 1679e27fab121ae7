import Foundation
import GRDB
import HaloTesting
import Testing
@testable import HaloSIDMap

@Suite("halo-sidbuilder: bad flags and schemas")
struct SIDBuilderUsageTests {
    @Test("every subcommand: an unknown option and a bad value exit 64 with ArgumentParser's message; the database is untouched")
    func badFlagsEverySubcommand() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        let plugin = RepoFile.path(RepoFile.plugin)
        try "x\n".write(toFile: dir.file("log"), atomically: true, encoding: .utf8)
        let before = try SIDBuilderProcess.bytes(db)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        // (a subcommand with valid arguments, the same with a bad value, ArgumentParser's message for it)
        let cases: [([String], [String], String)] = [
            (["init", "--db", db], ["init", "--db", db, "--force=yes"], "The option '--force' does not take any value, but 'yes' was specified."),
            (["export", "--db", db], ["export", "--db", db, "-o"], "Missing value for '-o <file>'"),
            (["sql", "--db", db], ["sql", "--db", db, "-o"], "Missing value for '-o <file>'"),
            (["plugin", "--db", db], ["plugin", "--db", db, "--location"], "Missing value for '--location <path>'"),
            (["list", "--db", db], ["list", "--db", db, "--unmapped=yes"], "The option '--unmapped' does not take any value, but 'yes' was specified."),
            (["add", "--db", db, "--type", "t"], ["add", "--db", db, "--type", "t", "--sid", "abc"], "The value 'abc' is invalid for '--sid <n>'"),
            (["set", "--db", db, "409", "--name", "n"], ["set", "--db", db, "4o9", "--name", "n"], "The value '4o9' is invalid for '<target>'"),
            (["remove", "--db", db, "409"], ["remove", "--db", db, "4o9"], "The value '4o9' is invalid for '<sid>'"),
            (["sync", "--db", db], ["sync", "--db", db, "extra"], "Unexpected argument 'extra'"),
            (["check", "--db", db], ["check", "--db", db, "--sql-file"], "Missing value for '--sql-file <file>'"),
            (["explain", "--db", db, "409"], ["explain", "--db", db, "409", "413"], "Unexpected argument '413'"),
            (["test-plugin", "--plugin", plugin, dir.file("log")], ["test-plugin", "--plugin", plugin, dir.file("log"), "extra"], "Unexpected argument 'extra'"),
        ]
        #expect(Set(cases.map { $0.0[0] }) == Set(["init", "export", "sql", "plugin", "list", "add", "set", "remove", "sync", "check", "explain", "test-plugin"]))
        for (command, bad, message) in cases {
            for (arguments, expected) in [(command + ["--bogus"], "Unknown option '--bogus'"), (bad, message)] {
                let r = try SIDBuilderProcess.run(arguments)
                #expect(r.status == 64, "\(arguments): \(r.stderr)")
                #expect(r.stderr.hasPrefix("Error: \(expected)\n"), "\(arguments): \(r.stderr)")
                #expect(r.stderr.contains("Usage: halo-sidbuilder \(command[0]) "), "\(arguments): \(r.stderr)")
                #expect(r.stdout.isEmpty, "\(arguments)")
                #expect(try SIDBuilderProcess.bytes(db) == before, "\(arguments) changed the database")
                #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == files, "\(arguments) made a file")
            }
        }
    }

    @Test("init over a file that is no database, without --force: exit 73, says to use --force, leaves the file as it was")
    func initOverCorruptFile() throws {
        let dir = try TemporaryDirectory("usage")
        let path = dir.file("sid.sqlite")
        let garbage = Data("garbage, not a database\n".utf8) + Data(repeating: 7, count: 8192)
        try garbage.write(to: URL(fileURLWithPath: path))
        let r = try SIDBuilderProcess.run(["init", "--db", path])
        #expect(r.status == 73)
        #expect(r.stderr == "halo-sidbuilder: error: \(path) already exists; use `init --force` to replace its SID table (unmapped types are kept)\n")
        #expect(r.stdout.isEmpty)
        #expect(try SIDBuilderProcess.bytes(path) == garbage)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["sid.sqlite"])
    }

    @Test("a database a newer halo-sidbuilder wrote: every command refuses it (74, says so), even init --force; unchanged")
    func newerSchema() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        try SIDBuilderProcess.editRaw(db, "INSERT INTO grdb_migrations (identifier) VALUES ('v2: from the future')")
        let before = try SIDBuilderProcess.bytes(db)
        let reason = "it was written by a newer halo-sidbuilder (schema v2: from the future), which this one cannot read; use the newer halo-sidbuilder and halo-events with it"
        for command in SIDBuilderErrorTests.databaseCommands + [["init", "--force"]] {
            let r = try SIDBuilderProcess.run([command[0], "--db", db] + command.dropFirst())
            #expect(r.status == 74, "\(command): \(r.stderr)")
            #expect(r.stderr == "halo-sidbuilder: error: cannot use the SID database \(db): \(reason)\n", "\(command): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(command)")
            #expect(try SIDBuilderProcess.bytes(db) == before, "\(command) changed the database")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("unusable") } == [])
    }

    @Test("a database of an older schema: read-only commands refuse it (74, say how to upgrade), unchanged; a read-write open upgrades it")
    func olderSchema() throws {
        let dir = try TemporaryDirectory("usage")
        let db = dir.file("sid.sqlite")
        // A SID database before the migrations this program has (here: before v1, the only one).
        let queue = try DatabaseQueue(path: db)
        try queue.write { db in
            try db.execute(sql: "PRAGMA application_id = \(SIDStore.applicationID)")
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        }
        try queue.close()
        let before = try SIDBuilderProcess.bytes(db)
        for command in [["export"], ["sql"], ["plugin"], ["list"], ["list", "--unmapped"], ["check"], ["explain"], ["explain", "409"]] {
            let r = try SIDBuilderProcess.run([command[0], "--db", db] + command.dropFirst())
            #expect(r.status == 74, "\(command): \(r.stderr)")
            #expect(r.stderr == "halo-sidbuilder: error: cannot use the SID database \(db): its schema is older than this program's and a read-only command cannot upgrade it; open it once read-write where it is writable (halo-events, or a halo-sidbuilder command that changes the table) to upgrade it\n", "\(command): \(r.stderr)")
            #expect(try SIDBuilderProcess.bytes(db) == before, "\(command) changed the database")
        }
        let r = try SIDBuilderProcess.run(["init", "--force", "--db", db])
        #expect(r.status == 0 && r.stdout == "\(db): \(SIDSeed.builtIn.entries.count) SIDs from the built-in seed\n", "\(r.stdout)\(r.stderr)")
        #expect(try SIDBuilderProcess.run(["export", "--db", db]).stdout == (try RepoFile.text(RepoFile.seed)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("unusable") } == [])
    }
}
