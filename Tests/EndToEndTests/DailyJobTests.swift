import Foundation
import HaloTesting
import Testing

/// The daily job's line of the installed cron file on a sensor (no `ossim-db`), on a server whose
/// database refuses the load, with `HALO_RESTART=yes`, and on a SID table older than the seed.
@Suite struct DailyJobTests {
    @Test(.timeLimit(.minutes(5)))
    func loadsOnlyWhatChangedRetriesAFailedLoadAndRestartsWhenAsked() throws {
        let installation = try Installation(.rooted)
        try installation.make("install")
        let cron = try installation.cronTable()
        let entry = try #require(cron.entry(running: "halo-sidmap-update"))
        let tools = installation.root.file("tools")
        try FileManager.default.createDirectory(atPath: tools, withIntermediateDirectories: true)
        func tool(_ name: String, _ script: String) throws {
            let path = tools + "/" + name
            try ("#!/bin/sh\n" + script + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        var seen = ""
        /// Runs the daily line; returns its status and what it added to the messages log.
        func daily(_ settings: [String: String] = [:]) throws -> (status: Int32, report: String) {
            let result = try cron.run(entry.command, home: installation.root.path, extraPath: tools, settings: settings)
            #expect(result.stdout.isEmpty && result.stderr.isEmpty, "output left for cron mail: \(result.stdout)\(result.stderr)")
            let log = (try? String(contentsOfFile: installation.messagesLog, encoding: .utf8)) ?? ""
            defer { seen = log }
            return (result.status, String(log.dropFirst(seen.count)))
        }
        let stateSQL = installation.stateDirectory + "/cloudpassage-halo.sql"
        let generated = try runProcess(installation.executable("halo-sidbuilder"), ["sql", "--db", installation.sidTable]).stdout

        // A sensor: no ossim-db. The SQL is written for the server, and said so.
        let sensor = try daily()
        #expect(sensor.status == 0, "\(sensor.report)")
        #expect(sensor.report.contains("no ossim-db here"), "\(sensor.report)")
        #expect(try String(contentsOfFile: stateSQL, encoding: .utf8) == generated)
        #expect(sensor.report.split(separator: "\n").allSatisfy { $0.contains(" halo-sidmap-update: ") })
        // Nothing changed: nothing said.
        let quiet = try daily()
        #expect(quiet.status == 0 && quiet.report.isEmpty, "\(quiet.report)")

        // A server whose database refuses the SQL: status 1, the reason, and the SQL not counted as loaded.
        try FileManager.default.removeItem(atPath: stateSQL)
        try tool("ossim-db", "cat >/dev/null; echo \"ERROR 2002 (HY000): Can't connect to local server\" >&2; exit 1")
        let refused = try daily()
        #expect(refused.status == 1)
        #expect(refused.report.contains("error: ossim-db could not load the regenerated SQL"), "\(refused.report)")
        #expect(refused.report.contains("Can't connect to local server"), "\(refused.report)")
        #expect(!FileManager.default.fileExists(atPath: stateSQL))

        // The next day the database is back: the SQL is loaded, and with HALO_RESTART=yes ossim-server restarted.
        let loadedCopy = installation.root.file("loaded.sql"), restarts = installation.root.file("restarts")
        try tool("ossim-db", "cat > '\(loadedCopy)'")
        try tool("systemctl", "echo \"systemctl $*\" >> '\(restarts)'")
        try tool("service", "echo \"service $*\" >> '\(restarts)'")
        let retried = try daily(["HALO_RESTART": "yes"])
        #expect(retried.status == 0, "\(retried.report)")
        #expect(retried.report.contains("loaded the regenerated SQL into the OSSIM database with ossim-db"), "\(retried.report)")
        #expect(retried.report.contains("restarted ossim-server"), "\(retried.report)")
        #expect(try String(contentsOfFile: loadedCopy, encoding: .utf8) == generated)
        let requested = try String(contentsOfFile: restarts, encoding: .utf8)
        #expect(requested.contains("restart ossim-server") || requested.contains("ossim-server restart"), "\(requested)")
        #expect(try daily(["HALO_RESTART": "yes"]).report.isEmpty)
    }

    /// A table made before the seed had the connector's health rows (an upgraded sensor): the daily job, as
    /// it is, adds them through `sync`, says so, and loads their SQL.
    @Test(.timeLimit(.minutes(5)))
    func anOlderTableGetsTheSeedRowsItLacksAndTheirSQLIsLoaded() throws {
        let installation = try Installation(.rooted)
        try installation.make("install")
        let cron = try installation.cronTable()
        let entry = try #require(cron.entry(running: "halo-sidmap-update"))
        let sidbuilder = installation.executable("halo-sidbuilder")
        let health = 90_000...90_005
        for sid in health {
            let removed = try runProcess(sidbuilder, ["remove", "--db", installation.sidTable, String(sid)])
            try #require(removed.status == 0, "\(removed.stderr)")
        }
        let tools = installation.root.file("tools"), loaded = installation.root.file("loaded.sql")
        try FileManager.default.createDirectory(atPath: tools, withIntermediateDirectories: true)
        try "#!/bin/sh\ncat > '\(loaded)'\n".write(toFile: tools + "/ossim-db", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tools + "/ossim-db")

        let result = try cron.run(entry.command, home: installation.root.path, extraPath: tools)
        let report = (try? String(contentsOfFile: installation.messagesLog, encoding: .utf8)) ?? ""
        #expect(result.status == 0, "\(report)")
        for sid in health {
            #expect(report.contains(" halo-sidmap-update: sync: added SID \(sid) for type halo_connector_"), "\(report)")
        }
        #expect(report.contains("loaded the regenerated SQL into the OSSIM database with ossim-db"), "\(report)")
        let sql = try String(contentsOfFile: loaded, encoding: .utf8)
        for sid in health { #expect(sql.contains("\n(9876, \(sid), "), "SID \(sid) not in the loaded SQL") }
    }
}
