import Foundation
import GRDB
import HaloTesting
import Testing
@testable import HaloSIDMap

@Suite("halo-sidbuilder: check and sql on bad tables")
struct SIDBuilderCheckTests {
    @Test("check reports each problem a seed can bring in, exits 1; sql still writes such a table")
    func problemsFromASeed() throws {
        let dir = try TemporaryDirectory("check")
        let seed = try SIDBuilderProcess.seed(editing: [
            413: { $0[1] += "|HALO_LOGIN_FAILURE" },
            414: { $0[2] = "Halo: Halo login failure" },
            712: { $0[7] = "yes" },
            101: { $0[8] = "nosuchset" },
        ], removing: [SIDRanges.generic])
        try seed.write(toFile: dir.file("bad.tsv"), atomically: true, encoding: .utf8)
        let db = dir.file("sid.sqlite")
        var r = try SIDBuilderProcess.run(["init", "--db", db, "--seed", dir.file("bad.tsv")])
        #expect(r.status == 0, "\(r.stderr)")
        r = try SIDBuilderProcess.run(["check", "--db", db, "--skip-outputs"])
        #expect(r.status == 1)
        let problems = r.stdout.split(separator: "\n").filter { $0.hasPrefix("problem: ") }
        #expect(problems == [
            "problem: SID 101: field set `nosuchset` is not defined (sets: any, actor, server)",
            "problem: SID 413: type `HALO_LOGIN_FAILURE` differs only in case from a type of SID 409",
            "problem: SID 414: its name `Halo: Halo login failure` is also SID 409's; OSSIM users could not tell them apart",
            "problem: SID 712 is elevated but priority 1 and reliability 1 never raise an alarm",
            "problem: the generic SID 2000000000 is missing; events of unknown types would have no SID in OSSIM",
        ], "\(r.stdout)")
        #expect(r.stdout.hasSuffix("\n5 problem(s)\n"))
        // None of these is lost on the way into OSSIM, so sql writes them (check is what stops them).
        r = try SIDBuilderProcess.run(["sql", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix("(9876, 414, ") && $0.hasSuffix(", 'Halo: Halo login failure'),") })
    }

    @Test("a database edited by hand: check reports unknown taxonomy and over-long texts; sql refuses (65) and writes nothing")
    func problemsInTheDatabase() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        try SIDBuilderProcess.editRaw(db, """
            UPDATE eventType SET categoryID = 999 WHERE sid = 100;
            UPDATE eventType SET subcategoryID = 71 WHERE sid = 101;
            UPDATE eventType SET name = ? WHERE sid = 409;
            UPDATE plugin SET name = ?, description = ?;
            """, arguments: [String(repeating: "n", count: 513), String(repeating: "p", count: 101), String(repeating: "\u{20AC}", count: 21_846)])
        let before = try SIDBuilderProcess.state(of: db)
        let bytes = try SIDBuilderProcess.bytes(db)
        var r = try SIDBuilderProcess.run(["check", "--db", db, "--skip-outputs"])
        #expect(r.status == 1)
        let tooLong = [
            "the plugin name has 101 characters; OSSIM's column holds 100",
            "the plugin description has 65538 bytes in UTF-8; OSSIM's TEXT column holds 65535",
            "SID 409: the name has 513 characters; OSSIM's column holds 512",
        ]
        #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("problem: ") } == (tooLong + [
            "SID 100: category id 999 is not an OSSIM category",
            "SID 101: subcategory id 71 is not a subcategory of System",
        ]).map { "problem: \($0)" }, "\(r.stdout)")
        // sql: to stdout and to a file that exists; MariaDB would cut these without an error.
        try "the SQL of yesterday\n".write(toFile: dir.file("out.sql"), atomically: true, encoding: .utf8)
        for output in [[], ["-o", dir.file("out.sql")]] {
            r = try SIDBuilderProcess.run(["sql", "--db", db] + output)
            #expect(r.status == 65, "\(r.stderr)")
            #expect(r.stderr.hasPrefix(
                "halo-sidbuilder: error: refused: OSSIM's tables cannot hold this table as it is (the SQL's INSERT IGNORE would cut or drop it without an error): "
                    + tooLong.joined(separator: "; ") + ". Fix it with `halo-sidbuilder set` or in the seed, then run `halo-sidbuilder check`\n"), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        #expect(try String(contentsOfFile: dir.file("out.sql"), encoding: .utf8) == "the SQL of yesterday\n")
        // check names what is wrong with the table; it does not also call the committed SQL stale.
        r = try SIDBuilderProcess.run(["check", "--db", db], in: TestPaths.repoRoot.path)
        #expect(r.status == 1 && !r.stdout.contains("cloudpassage-halo.sql"), "\(r.stdout)")
        #expect(try SIDBuilderProcess.state(of: db) == before)
        #expect(try SIDBuilderProcess.bytes(db) == bytes)
    }

    @Test("init refuses a seed with a text OSSIM's columns cannot hold (65, with its line); set --name too; nothing changes")
    func refusedOnTheWayIn() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        let before = try SIDBuilderProcess.state(of: db)
        let lines = try RepoFile.text(RepoFile.seed).split(separator: "\n", omittingEmptySubsequences: false)
        let loginLine = try #require(lines.firstIndex { $0.hasPrefix("409\t") }) + 1
        let descriptionLine = try #require(lines.firstIndex { $0.hasPrefix("plugin\tdescription\t") }) + 1
        let nameLine = try #require(lines.firstIndex { $0.hasPrefix("plugin\tname\t") }) + 1
        let cases: [(String, String)] = [
            (try SIDBuilderProcess.seed(editing: [409: { $0[2] = String(repeating: "n", count: 513) }]),
             "line \(loginLine): SID 409: the name has 513 characters; OSSIM's column holds 512"),
            (try SIDBuilderProcess.seed(editing: [409: { $0[2] = "Halo: \u{1F600}" }]),
             "line \(loginLine): SID 409: the name contains a character outside the Basic Multilingual Plane"),
            (try RepoFile.text(RepoFile.seed).replacingOccurrences(
                of: "plugin\tdescription\tCloudPassage Halo security events, read from the CEF lines of halo-events\n",
                with: "plugin\tdescription\t\(String(repeating: "\u{20AC}", count: 21_846))\n"),
             "line \(descriptionLine): the plugin description has 65538 bytes in UTF-8; OSSIM's TEXT column holds 65535"),
            (try RepoFile.text(RepoFile.seed).replacingOccurrences(
                of: "plugin\tname\tcloudpassage-halo\n", with: "plugin\tname\t\(String(repeating: "p", count: 101))\n"),
             "line \(nameLine): the plugin name has 101 characters; OSSIM's column holds 100"),
        ]
        for (seed, message) in cases {
            try seed.write(toFile: dir.file("bad.tsv"), atomically: true, encoding: .utf8)
            for (target, force) in [(db, true), (dir.file("new.sqlite"), false)] {
                let r = try SIDBuilderProcess.run(["init", "--db", target, "--seed", dir.file("bad.tsv")] + (force ? ["--force"] : []))
                #expect(r.status == 65, "\(message): \(r.stderr)")
                #expect(r.stderr.hasPrefix("halo-sidbuilder: error: \(dir.file("bad.tsv")), \(message)"), "\(r.stderr)")
                #expect(r.stdout.isEmpty)
            }
            #expect(!FileManager.default.fileExists(atPath: dir.file("new.sqlite")))
            #expect(try SIDBuilderProcess.state(of: db) == before)
        }
        let r = try SIDBuilderProcess.run(["set", "--db", db, "409", "--name", String(repeating: "\u{20AC}", count: 513)])
        #expect(r.status == 65 && r.stderr.contains("refused: SID 409: the name has 513 characters; OSSIM's column holds 512"), "\(r.stderr)")
        #expect(try SIDBuilderProcess.state(of: db) == before)
    }

    @Test("check compares the committed files: a stale plugin, SQL or plugin functions, a missing one; exit 1 naming it and how to regenerate")
    func committedOutputs() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        let plugin = RepoFile.path(RepoFile.plugin), sql = RepoFile.path(RepoFile.sql), functions = RepoFile.path(RepoFile.functions)
        #expect(try SIDBuilderProcess.run(["check", "--db", db, "--sql-file", sql, "--plugin-file", plugin, "--functions-file", functions]).status == 0)
        let stalePlugin = dir.file("stale.cfg")
        try (try RepoFile.text(RepoFile.plugin)).replacingOccurrences(of: "\nplugin_id=9876\n", with: "\nplugin_id=9875\n")
            .write(toFile: stalePlugin, atomically: true, encoding: .utf8)
        let pluginIDLine = try #require(try RepoFile.text(RepoFile.plugin).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0 == "plugin_id=9876" }) + 1
        let staleSQL = dir.file("stale.sql")
        try (try RepoFile.text(RepoFile.sql) + "-- edited\n").write(toFile: staleSQL, atomically: true, encoding: .utf8)
        let sqlLines = try RepoFile.text(RepoFile.sql).split(separator: "\n", omittingEmptySubsequences: false).count
        let missing = dir.file("missing.sql")
        let staleFunctions = dir.file("stale.functions")
        let functionsText = try RepoFile.text(RepoFile.functions)
        let defLine = try #require(functionsText.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("def ") })
        try functionsText.replacingOccurrences(of: "\ndef ", with: "\ndef  ", options: [], range: functionsText.range(of: "\ndef "))
            .write(toFile: staleFunctions, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--sql-file", sql, "--plugin-file", stalePlugin],
             "problem: \(stalePlugin) differs from the table (first at line \(pluginIDLine)); regenerate it with `halo-sidbuilder plugin --db \(db) --location /var/log/cloudpassage-halo.log -o \(stalePlugin)` and commit it"),
            (["--sql-file", staleSQL, "--plugin-file", plugin],
             "problem: \(staleSQL) differs from the table (first at line \(sqlLines)); regenerate it with `halo-sidbuilder sql --db \(db) -o \(staleSQL)` and commit it"),
            (["--sql-file", missing, "--plugin-file", plugin],
             "problem: \(missing) is missing; write it with `halo-sidbuilder sql --db \(db) -o \(missing)`"),
            (["--sql-file", sql, "--plugin-file", dir.file("missing.cfg")],
             "problem: \(dir.file("missing.cfg")) is missing; write it with `halo-sidbuilder plugin --db \(db) --location /var/log/cloudpassage-halo.log -o \(dir.file("missing.cfg"))`"),
            (["--sql-file", sql, "--plugin-file", plugin, "--functions-file", staleFunctions],
             "problem: \(staleFunctions) differs from the table (first at line \(defLine + 1)); regenerate it with `halo-sidbuilder functions -o \(staleFunctions)` and commit it"),
            (["--sql-file", sql, "--plugin-file", plugin, "--functions-file", dir.file("missing.functions")],
             "problem: \(dir.file("missing.functions")) is missing; write it with `halo-sidbuilder functions -o \(dir.file("missing.functions"))`"),
        ]
        for (given, problem) in cases {
            let options = given.contains("--functions-file") ? given : given + ["--functions-file", functions]
            let r = try SIDBuilderProcess.run(["check", "--db", db] + options)
            #expect(r.status == 1, "\(options): \(r.stdout)")
            #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("problem: ") } == [Substring(problem)], "\(r.stdout)")
            #expect(r.stdout.hasSuffix("\n1 problem(s)\n"))
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
