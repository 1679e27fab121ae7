import Foundation
import HaloTesting
import Testing
@testable import HaloSIDMap

@Suite("halo-sidbuilder: commands")
struct SIDBuilderCommandTests {
    @Test("init, export, sql and plugin reproduce the committed seed and outputs byte for byte; check passes in the repository")
    func generateCommitted() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        #expect(try SIDBuilderProcess.run(["export", "--db", db, "-o", dir.file("seed.tsv")]).status == 0)
        #expect(try String(contentsOfFile: dir.file("seed.tsv"), encoding: .utf8) == (try RepoFile.text(RepoFile.seed)))
        #expect(try SIDBuilderProcess.run(["sql", "--db", db]).stdout == (try RepoFile.text(RepoFile.sql)))
        #expect(try SIDBuilderProcess.run(["plugin", "--db", db]).stdout == (try RepoFile.text(RepoFile.plugin)))
        let fromFile = dir.file("from-file.sqlite")
        #expect(try SIDBuilderProcess.run(["init", "--db", fromFile, "--seed", RepoFile.path(RepoFile.seed)]).status == 0)
        #expect(try SIDBuilderProcess.run(["export", "--db", fromFile]).stdout == (try RepoFile.text(RepoFile.seed)))
        let check = try SIDBuilderProcess.run(["check", "--db", db], in: TestPaths.repoRoot.path)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("decided: type `key_created`: its connector SID 812 is the original plugin's SID for `server access scan requested`"))
        #expect(check.stdout.hasSuffix("ok\n"))
    }

    @Test("add, set, list, explain, remove, sync and check through the executable")
    func editing() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        var r = try SIDBuilderProcess.run(["add", "--db", db, "--type", "widget_login_failure", "--legacy-name", "Widget Login Failure", "--elevate"])
        #expect(r.status == 0 && r.stdout == "added SID 100000: Halo: Widget login failure\n", "\(r.stderr)")
        r = try SIDBuilderProcess.run(["set", "--db", db, "100000", "--category", "Authentication", "--subcategory", "Failed", "--reliability", "4"])
        #expect(r.stdout == "SID 100000: Halo: Widget login failure; priority 3, reliability 4, elevated\n", "\(r.stderr)")
        r = try SIDBuilderProcess.run(["explain", "--db", db, "widget login failure"])
        #expect(r.stdout.contains("SID 100000 Halo: Widget login failure: priority 3, reliability 4, elevated; lowest alarming asset value: 3"))
        r = try SIDBuilderProcess.run(["explain", "--db", db, "409"])
        #expect(r.stdout.contains("lowest alarming asset value: 3; alarms when the network holding dst_ip (the Halo server) is valued 3 or more (3*3*3/25 = 1.08); not at the default value 2 (0.72)"))
        r = try SIDBuilderProcess.run(["explain", "--db", db, "fim_scan_modified"])
        #expect(r.stdout.contains("lowest alarming asset value: never; never alarms (even at asset value 5: 1*5*1/25 = 0.20 < 1)"))
        r = try SIDBuilderProcess.run(["list", "--db", db])
        #expect(r.stdout.contains("100000\t3\t4\tyes\tAuthentication/Failed\tHalo: Widget login failure\twidget_login_failure\twidget login failure\n"))
        // The committed outputs no longer match the table: check says so, and exits 1.
        r = try SIDBuilderProcess.run(["check", "--db", db], in: TestPaths.repoRoot.path)
        #expect(r.status == 1 && r.stdout.contains("problem: sidmap/cloudpassage-halo.sql differs from the table"))
        #expect(try SIDBuilderProcess.run(["check", "--db", db, "--skip-outputs"]).status == 0)
        r = try SIDBuilderProcess.run(["set", "--db", db, "100000", "--sid", "100500", "--force"])
        #expect(r.status == 0 && r.stdout.hasPrefix("SID 100500:"))
        r = try SIDBuilderProcess.run(["remove", "--db", db, "100500"])
        #expect(r.stdout == "removed SID 100500: Halo: Widget login failure\n")
        let store = try SIDStore(path: db)
        try store.recordUnmapped([UnmappedSighting(type: "gadget_added", name: "Gadget added", count: 4, firstSeen: Date(), lastSeen: Date())])
        r = try SIDBuilderProcess.run(["list", "--db", db, "--unmapped"])
        #expect(r.stdout.hasPrefix("type gadget_added\t4 events\t"))
        r = try SIDBuilderProcess.run(["sync", "--db", db])
        #expect(r.stdout.hasPrefix("added SID 100000 for type gadget_added: Halo: Gadget added (System/Configuration_Changed)\n"), "\(r.stdout)")
        #expect(try SIDBuilderProcess.run(["sync", "--db", db]).stdout == "no unmapped types\n")
        // A table problem: elevated but never alarming.
        #expect(try SIDBuilderProcess.run(["set", "--db", db, "712", "--elevate", "--priority", "1"]).status == 0)
        r = try SIDBuilderProcess.run(["check", "--db", db, "--skip-outputs"])
        #expect(r.status == 1 && r.stdout.contains("problem: SID 712 is elevated but priority 1 and reliability 3 never raise an alarm"))
        _ = dir
    }

    @Test("set --name, set --unelevate and plugin --location through the executable")
    func smallEdits() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        var r = try SIDBuilderProcess.run(["set", "--db", db, "409", "--name", "Halo: Portal login failed"])
        #expect(r.status == 0 && r.stdout == "SID 409: Halo: Portal login failed; priority 3, reliability 3, elevated\n", "\(r.stderr)")
        r = try SIDBuilderProcess.run(["set", "--db", db, "409", "--unelevate"])
        #expect(r.status == 0 && r.stdout == "SID 409: Halo: Portal login failed; priority 1, reliability 1\n", "\(r.stderr)")
        r = try SIDBuilderProcess.run(["list", "--db", db])
        #expect(r.stdout.contains("\n409\t1\t1\tno\tAuthentication/Failed\tHalo: Portal login failed\thalo_login_failure\thalo login failure\n"))
        r = try SIDBuilderProcess.run(["sql", "--db", db])
        #expect(r.stdout.contains("\n(9876, 409, 2, 25, NULL, 1, 1, 'Halo: Portal login failed'),\n"))
        #expect(try SIDBuilderProcess.run(["explain", "--db", db, "409"]).stdout.contains("priority 1, reliability 1; lowest alarming asset value: never"))
        // The plugin does not depend on names or scores: the committed one with another location.
        let location = "/srv/halo/events.log,/srv/halo/old.log"
        r = try SIDBuilderProcess.run(["plugin", "--db", db, "--location", location, "-o", dir.file("halo.cfg")])
        #expect(r.status == 0 && r.stdout.isEmpty, "\(r.stderr)")
        let committed = try RepoFile.text(RepoFile.plugin)
        #expect(committed.contains("\nlocation=\(PluginGenerator.defaultLocation)\n"))
        #expect(try String(contentsOfFile: dir.file("halo.cfg"), encoding: .utf8)
                == committed.replacingOccurrences(of: "\nlocation=\(PluginGenerator.defaultLocation)\n", with: "\nlocation=\(location)\n"))
        // check keeps the committed plugin's location when it compares.
        r = try SIDBuilderProcess.run(["check", "--db", db, "--skip-outputs"])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(try SIDBuilderProcess.run(["init", "--force", "--db", db]).status == 0)
        r = try SIDBuilderProcess.run(["check", "--db", db, "--sql-file", RepoFile.path(RepoFile.sql), "--plugin-file", dir.file("halo.cfg"),
                                            "--functions-file", RepoFile.path(RepoFile.functions)])
        #expect(r.status == 0 && r.stdout.hasSuffix("ok\n"), "\(r.stdout)")
    }

    @Test("test-plugin: counts per rule, unmatched lines, --events JSON; exit 1 on unmatched lines")
    func testPlugin() throws {
        let dir = try TemporaryDirectory("testplugin")
        let cases = PluginLines.everySID(of: SIDSeed.builtIn)
        try (cases.map(\.line).joined(separator: "\n") + "\n").write(toFile: dir.file("good.log"), atomically: true, encoding: .utf8)
        var r = try SIDBuilderProcess.run(["test-plugin", "--plugin", RepoFile.path(RepoFile.plugin), dir.file("good.log")])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasPrefix("\(cases.count) lines: \(cases.count) parsed, 0 unmatched\n"))
        #expect(r.stdout.contains("  [cloudpassage-halo-999-any]    \(cases.filter { $0.rule == PluginGenerator.catchAllSection }.count)\n"))
        r = try SIDBuilderProcess.run(["test-plugin", "--events", "--plugin", RepoFile.path(RepoFile.plugin), "-"], stdin: Data((cases[0].line + "\nnoise\n").utf8))
        #expect(r.status == 1)
        let first = try #require(r.stdout.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(object["plugin_sid"] as? String == String(SIDSeed.builtIn.entries[0].sid))
        #expect(object["rule"] as? String == cases[0].rule && object["line"] as? Int == 1)
        #expect(r.stdout.contains("unmatched line 2: noise\n"))
    }
}

@Suite("halo-sidbuilder: error paths")
struct SIDBuilderErrorTests {
    /// Every command that works on a database, with arguments that would be valid.
    static let databaseCommands: [[String]] = [
        ["export"], ["sql"], ["plugin"], ["list"], ["list", "--unmapped"], ["add", "--type", "x_y"], ["set", "409", "--name", "n"],
        ["remove", "409"], ["sync"], ["check"], ["explain"], ["explain", "409"],
    ]

    @Test("a missing database: exit 66, says to run init, creates nothing")
    func missingDatabase() throws {
        let dir = try TemporaryDirectory("errors")
        let db = dir.file("missing.sqlite")
        for command in Self.databaseCommands {
            let r = try SIDBuilderProcess.run([command[0], "--db", db] + command.dropFirst())
            #expect(r.status == 66, "\(command)")
            #expect(r.stderr == "halo-sidbuilder: error: no SID database at \(db); create it with `halo-sidbuilder init --db \(db)`\n", "\(command)")
            #expect(r.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: db))
        }
    }

    @Test("a damaged or foreign database file: exit 74, says what to do, leaves the file as it was")
    func corruptDatabase() throws {
        let dir = try TemporaryDirectory("errors")
        let (goodDir, good) = try SIDBuilderProcess.database()
        defer { _ = goodDir }
        var damaged = try Data(contentsOf: URL(fileURLWithPath: good))
        damaged.replaceSubrange(0..<16, with: Data("NOT SQLITE AT AL".utf8))
        let files: [(String, Data)] = [
            ("garbage.sqlite", Data("garbage, not a database\n".utf8) + Data(repeating: 7, count: 8192)),
            ("damaged.sqlite", damaged),
            ("empty.sqlite", Data()),
        ]
        for (name, bytes) in files {
            try bytes.write(to: URL(fileURLWithPath: dir.file(name)))
            for command in Self.databaseCommands {
                let r = try SIDBuilderProcess.run([command[0], "--db", dir.file(name)] + command.dropFirst())
                #expect(r.status == 74, "\(name) \(command): \(r.stderr)")
                #expect(r.stderr.contains("\(dir.file(name)) is not a usable SID database ("), "\(name) \(command)")
                #expect(r.stderr.contains("restore it from a backup, or rebuild it with `halo-sidbuilder init --force --db"))
                #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file(name))) == bytes, "\(name) \(command) changed the file")
            }
            // init --force rebuilds it and keeps the unusable file beside it.
            let r = try SIDBuilderProcess.run(["init", "--force", "--db", dir.file(name)])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.hasPrefix("the unusable file that was there is now \(dir.path)/\(name).unusable-"))
            let aside = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(name + ".unusable-") }
            #expect(aside.count == 1)
            #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file(aside.first ?? ""))) == bytes)
            #expect(try SIDBuilderProcess.run(["export", "--db", dir.file(name)]).stdout == (try RepoFile.text(RepoFile.seed)))
        }
    }

    @Test("refused edits: exit 65 with the reason, database unchanged")
    func refusedEdits() throws {
        let (dbDir, db) = try SIDBuilderProcess.database()
        defer { _ = dbDir }
        let seen = Date(timeIntervalSince1970: 1_700_000_000)
        try SIDStore(path: db).recordUnmapped([UnmappedSighting(type: "pending_type", name: "Pending", count: 2, firstSeen: seen, lastSeen: seen)])
        let before = try SIDBuilderProcess.state(of: db)
        let cases: [([String], String)] = [
            (["add", "--sid", "409", "--type", "new_thing"], "refused: SID 409 already exists (Halo: Halo login failure)"),
            (["add", "--sid", "0", "--type", "new_thing"], "SID 0 is outside 1...2147483647"),
            (["add", "--sid", "2147483648", "--type", "new_thing"], "SID 2147483648 is outside 1...2147483647"),
            (["add", "--type", "halo_login_failure"], "type `halo_login_failure` is already mapped to SID 409"),
            (["add", "--legacy-name", "Halo Login Failure"], "legacy name `halo login failure` is already mapped to SID 409"),
            (["add", "--type", "t", "--name", String(repeating: "n", count: 600)], "has 600 characters; OSSIM's column holds 512"),
            (["add", "--type", "t", "--fields", "nosuchset"], "field set `nosuchset` is not defined"),
            (["set", "409", "--sid", "5409"], "SID 409 would become 5409: OSSIM keeps the history of past events under 409; add --force"),
            (["set", "409", "--sid", "413", "--force"], "SID 413 already exists"),
            (["set", "409", "--add-type", "halo_login_success"], "type `halo_login_success` is already mapped to SID 413"),
            (["set", "2000000000", "--sid", "5", "--force"], "the generic SID 2000000000 cannot be renumbered"),
            (["set", "999", "--name", "x"], "SID 999 is not in the table"),
            (["set", "409", "--remove-alias", "nope"], "SID 409 does not map `nope`"),
            (["remove", "999"], "SID 999 is not in the table"),
            (["remove", "2000000000"], "it cannot be removed"),
            (["explain", "nothing_like_it"], "`nothing_like_it` is no SID, type or legacy name of the table"),
        ]
        for (command, message) in cases {
            let r = try SIDBuilderProcess.run([command[0], "--db", db] + command.dropFirst())
            #expect(r.status == 65, "\(command): \(r.stderr)")
            #expect(r.stderr.hasPrefix("halo-sidbuilder: error: ") && r.stderr.contains(message), "\(command): \(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(try SIDBuilderProcess.state(of: db) == before, "\(command) changed the database")
        }
    }

    @Test("bad flags: exit 64 with a usage message, database unchanged")
    func badFlags() throws {
        let (dbDir, db) = try SIDBuilderProcess.database()
        defer { _ = dbDir }
        let before = try SIDBuilderProcess.state(of: db)
        let cases: [([String], String)] = [
            (["add", "--db", db, "--sid", "abc", "--type", "t"], "--sid"),
            (["add", "--db", db], "give at least one --type, --legacy-name or a --name"),
            (["add", "--db", db, "--type", "t", "--category", "Nope", "--subcategory", "Misc"], "unknown OSSIM category `Nope`"),
            (["add", "--db", db, "--type", "t", "--category", "Info", "--subcategory", "Failed"], "`Failed` is not a subcategory of Info"),
            (["add", "--db", db, "--type", "t", "--priority", "6"], "--priority is 0...5"),
            (["set", "--db", db, "409"], "nothing to change"),
            (["set", "--db", db, "409", "--elevate", "--unelevate"], "--elevate and --unelevate exclude each other"),
            (["set", "--db", db, "409", "--reliability", "11"], "--reliability is 0...10"),
            (["set", "--db", db, "409", "--sid", "0", "--force"], "--sid must be in 1...2147483647"),
            (["list", "--db"], "Missing value for '--db <path>'"),
            (["frobnicate"], "Unexpected argument 'frobnicate'"),
            (["list", "--db", db, "--bogus"], "Unknown option '--bogus'"),
            (["test-plugin", "log.txt"], "Missing expected argument '--plugin <file>'"),
        ]
        for (arguments, message) in cases {
            let r = try SIDBuilderProcess.run(arguments)
            #expect(r.status == 64, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
            #expect(try SIDBuilderProcess.state(of: db) == before, "\(arguments) changed the database")
        }
    }

    @Test("init: existing database (73), bad seed (65, with its line), missing seed (66), missing directory (73)")
    func initErrors() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        let before = try SIDBuilderProcess.state(of: db)
        var r = try SIDBuilderProcess.run(["init", "--db", db])
        #expect(r.status == 73 && r.stderr.contains("\(db) already exists; use `init --force`"))
        let seed = try RepoFile.text(RepoFile.seed).replacingOccurrences(of: "\n101\t", with: "\n100\t")
        try seed.write(toFile: dir.file("bad.tsv"), atomically: true, encoding: .utf8)
        r = try SIDBuilderProcess.run(["init", "--force", "--db", db, "--seed", dir.file("bad.tsv")])
        let line = seed.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("100\t") }! + 2
        #expect(r.status == 65 && r.stderr.contains("\(dir.file("bad.tsv")), line \(line): SID 100 is already on line \(line - 1)"), "\(r.stderr)")
        r = try SIDBuilderProcess.run(["init", "--db", dir.file("new.sqlite"), "--seed", dir.file("none.tsv")])
        #expect(r.status == 66 && r.stderr.contains("cannot read \(dir.file("none.tsv")): no such file"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("new.sqlite")))
        r = try SIDBuilderProcess.run(["init", "--db", dir.file("no/such/dir/sid.sqlite")])
        #expect(r.status == 73 && r.stderr.contains("the directory \(dir.file("no/such/dir")) does not exist"))
        #expect(try SIDBuilderProcess.state(of: db) == before)
    }

    @Test("outputs that cannot be written (73); test-plugin on a missing (66) or unusable (65) plugin")
    func fileErrors() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        for command in ["export", "sql", "plugin"] {
            let r = try SIDBuilderProcess.run([command, "--db", db, "-o", dir.file("missing-dir/out")])
            #expect(r.status == 73 && r.stderr.contains("cannot write \(dir.file("missing-dir/out"))"), "\(command): \(r.stderr)")
        }
        var r = try SIDBuilderProcess.run(["plugin", "--db", db, "--location", "/var/log/%(x)s"])
        #expect(r.status == 65 && r.stderr.contains("the plugin location"))
        try "x\n".write(toFile: dir.file("log"), atomically: true, encoding: .utf8)
        r = try SIDBuilderProcess.run(["test-plugin", "--plugin", dir.file("none.cfg"), dir.file("log")])
        #expect(r.status == 66 && r.stderr.contains("cannot read \(dir.file("none.cfg")): no such file"))
        r = try SIDBuilderProcess.run(["test-plugin", "--plugin", RepoFile.path(RepoFile.plugin), dir.file("nolog")])
        #expect(r.status == 66)
        try "[config]\ntype=detector\n[r]\nregexp=^(?P<a>x\nplugin_sid=1\n".write(toFile: dir.file("bad.cfg"), atomically: true, encoding: .utf8)
        r = try SIDBuilderProcess.run(["test-plugin", "--plugin", dir.file("bad.cfg"), dir.file("log")])
        #expect(r.status == 65 && r.stderr.contains("\(dir.file("bad.cfg")), line 3: rule [r]: regexp: the pattern does not compile"), "\(r.stderr)")
    }
}
