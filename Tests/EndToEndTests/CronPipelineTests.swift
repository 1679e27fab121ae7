import Foundation
import HaloTesting
import Testing

/// The whole chain with real parts: the installed cron file's command lines, run as cron runs them, against
/// halo-sim with faults and hostile events → the CEF log → the installed plugin, applied by
/// `halo-sidbuilder test-plugin` as ossim-agent applies it → the SQL the daily job loaded through `ossim-db`
/// into a real MariaDB → OSSIM's risk formula.
@Suite struct CronPipelineTests {
    /// The OSSIM event of each truth event, by id; records an issue for an id parsed more than once.
    static func eventsByID(_ run: PluginRun) -> [String: [String: String]] {
        var byID: [String: [String: String]] = [:]
        for event in run.events {
            let id = event["userdata5"] ?? ""
            #expect(byID[id] == nil, "event \(id) parsed more than once")
            byID[id] = event
        }
        return byID
    }

    @Test(.timeLimit(.minutes(15)))
    func everyEventArrivesOnceWithItsFieldsAndElevatedTypesAlarmOnValuedAssets() throws {
        let database = try OSSIMDatabase()
        let deployment = try CronDeployment(simulatorArguments: [
            "--accounts", "2", "--events", "3000", "--seed", "42", "--span", "6h",
            "--adversarial-share", "0.1", "--old-style-share", "0.3", "--token-lifetime", "3s",
            "--late-window", "120s", "--late-delay", "3s", "--late-waves", "2",
            "--fault", "500@3", "--fault", "502@5", "--fault", "503@7", "--fault", "504@9", "--fault", "429@every=23",
            "--fault", "close@11", "--fault", "reset@12", "--fault", "truncate@13", "--fault", "invalid-json@15", "--fault", "revoke@17",
            "--fault", "slow@19", "--slow-delay", "1s", "--fault", "503@p=0.01",
        ])
        try deployment.addTool("ossim-db", script: database.ossimDBScript)
        let installation = deployment.installation

        // The daily job on an all-in-one: loads the SQL through ossim-db (nothing loaded yet).
        let daily = try deployment.runDailyJob()
        #expect(daily.status == 0, "daily job: \(deployment.messages())")
        #expect(deployment.messages().contains("loaded the regenerated SQL into the OSSIM database with ossim-db"), "\(deployment.messages())")

        // The connector's cron line, again and again, until the late arrivals are in too.
        let truth = try deployment.simulator.truth().events
        var runs = 0, lines = 0
        repeat {
            if runs > 0 { usleep(1_500_000) }
            let run = try deployment.runConnector()
            runs += 1
            #expect(run.status == 0, "connector run \(runs): status \(run.status); \(deployment.messages().suffix(2000))")
            #expect(run.stdout.isEmpty && run.stderr.isEmpty, "the cron line left output for cron mail: \(run.stdout)\(run.stderr)")
            lines = try String(contentsOfFile: installation.cefLog, encoding: .utf8).split(separator: "\n").count
        } while lines < truth.count && runs < 15
        #expect(lines == truth.count, "\(lines) lines for \(truth.count) events after \(runs) runs")
        let stats = try deployment.simulator.stats()
        for fault in ["http_500", "http_502", "http_503", "http_504", "http_429", "connection_closed_mid_body", "connection_reset",
                      "truncated_json", "invalid_json", "token_revoked", "slow_response"] {
            #expect(stats.contains("\"\(fault)\""), "fault \(fault) never injected: \(stats)")
        }

        // The installed plugin, applied as ossim-agent applies it: every line parsed, every event once, right.
        let parsed = try PluginRun(plugin: installation.pluginFile, log: installation.cefLog)
        #expect(parsed.status == 0, "test-plugin: \(parsed.summary.prefix(3000))")
        #expect(parsed.summary.contains(", 0 unmatched\n"), "\(parsed.summary.prefix(3000))")
        let byID = Self.eventsByID(parsed)
        let seed = try SeedTable()
        var wrong: [String] = []
        for event in truth {
            guard let got = byID[event.id] else { wrong.append("\(event.id): not delivered"); continue }
            let sid = seed.expectedSID(type: event.string("type"), name: event.string("name"))
            // No actor (or no usable address): 0.0.0.0, never the sensor's; the server: its primary address first.
            let actorIP = event.string("actor_ip_address").flatMap { Expect.isHostAddress($0) ? $0 : nil } ?? "0.0.0.0"
            let serverIP = [event.string("server_primary_ip_address"), event.string("server_ip_address")].compactMap { $0 }
                .first(where: Expect.isHostAddress) ?? "0.0.0.0"
            // Decoded by the plugin's functions, cut where OSSIM's username column cuts (64 characters).
            let user = event.string("actor_username").flatMap { $0.isEmpty ? nil : String(String.UnicodeScalarView($0.unicodeScalars.prefix(64))) }
            let created = try #require(event.string("created_at"))
            let date = String(created.prefix(19)).replacingOccurrences(of: "T", with: " ")
            var problems: [String] = []
            if got["plugin_sid"] != String(sid) { problems.append("plugin_sid \(got["plugin_sid"] ?? "-") want \(sid)") }
            if got["src_ip"] != actorIP { problems.append("src_ip \(got["src_ip"] ?? "-") want \(actorIP)") }
            if got["dst_ip"] != serverIP { problems.append("dst_ip \(got["dst_ip"] ?? "-") want \(serverIP)") }
            if got["username"] != user { problems.append("username \(got["username"].map { String($0.prefix(80)) } ?? "-") want \(user.map { String($0.prefix(80)) } ?? "-")") }
            if got["date"] != date { problems.append("date \(got["date"] ?? "-") want \(date)") }
            if !problems.isEmpty { wrong.append("\(event.id) (\(event.string("type") ?? event.string("name") ?? "?")): " + problems.joined(separator: ", ")) }
        }
        #expect(wrong.isEmpty, "\(wrong.count) of \(truth.count) events wrong, e.g.\n\(wrong.prefix(10).joined(separator: "\n"))")
        #expect(byID.count == truth.count)

        // The database the daily job loaded: every SID the log carries exists; elevated types alarm on
        // assets valued 3 and not on the default value 2, with the IPs the events delivered.
        var scores: [Int: (priority: Int, reliability: Int)] = [:]
        for row in try database.query("SELECT sid, priority, reliability FROM plugin_sid WHERE plugin_id = 9876") {
            if let sid = Int(row[0]), let p = Int(row[1]), let r = Int(row[2]) { scores[sid] = (p, r) }
        }
        let carried = Set(parsed.events.compactMap { $0["plugin_sid"].flatMap(Int.init) })
        #expect(carried.subtracting(scores.keys).isEmpty, "SIDs in the log but not in plugin_sid: \(carried.subtracting(scores.keys).sorted())")
        #expect(!seed.elevated.isEmpty)
        // OSSIM: risk = floor(priority × asset value × reliability / 25), at most 10, once with the source's
        // asset value and once with the destination's; risk ≥ 1 is an alarm.
        func risk(_ sid: Int, asset: Int) -> Int { min(10, scores[sid]!.priority * asset * scores[sid]!.reliability / 25) }
        for sid in seed.elevated.sorted() {
            guard scores[sid] != nil else { Issue.record("elevated SID \(sid) missing from plugin_sid"); continue }
            #expect(risk(sid, asset: 3) >= 1, "elevated SID \(sid): risk \(risk(sid, asset: 3)) on an asset valued 3: no alarm")
            #expect(risk(sid, asset: 2) == 0, "elevated SID \(sid): risk \(risk(sid, asset: 2)) on a default asset (2): alarm")
            #expect(parsed.events.contains { $0["plugin_sid"] == String(sid) }, "no event of elevated SID \(sid) in the run")
            // The troubleshooting command of docs/deploy.md says the same.
            let explain = try runProcess(installation.executable("halo-sidbuilder"), ["explain", "--db", installation.sidTable, String(sid)])
            #expect(explain.stdout.contains("lowest alarming asset value: 3"), "explain \(sid): \(explain.stdout)\(explain.stderr)")
        }

        // Event by event, as ossim-server scores them: dst_ip by the value of the network that holds it (not the
        // host's own value), src_ip by 2 (IDM does not know Halo's actors; 0.0.0.0 without one). With the servers'
        // networks valued 3, each elevated event that names its server alarms and no other event does; with the
        // servers valued 3 as hosts but their networks at the default 2, or with nothing valued, nothing alarms.
        func network(_ address: String) -> String {
            address.contains(":") ? address.split(separator: ":").prefix(4).joined(separator: ":") : address.split(separator: ".").prefix(3).joined(separator: ".")
        }
        func alarms(_ event: [String: String], networks: [String: Int]) -> Bool {
            guard let sid = event["plugin_sid"].flatMap(Int.init), let dst = event["dst_ip"] else { return false }
            return risk(sid, asset: 2) >= 1 || risk(sid, asset: dst == "0.0.0.0" ? 2 : networks[network(dst)] ?? 2) >= 1
        }
        let servers = Set(parsed.events.compactMap { $0["dst_ip"] }.filter { $0 != "0.0.0.0" })
        let valued = Dictionary(servers.map { (network($0), 3) }, uniquingKeysWith: max)
        var elevatedWithServer = 0
        for event in parsed.events {
            let elevated = event["plugin_sid"].flatMap(Int.init).map(seed.elevated.contains) ?? false
            let id = event["userdata5"] ?? "?"
            #expect(event["src_ip"] != nil && event["dst_ip"] != nil, "event \(id) without src_ip/dst_ip")
            if elevated && event["dst_ip"] != "0.0.0.0" {
                elevatedWithServer += 1
                #expect(alarms(event, networks: valued), "elevated event \(id) on a server whose network is valued 3: no alarm")
            } else if !elevated {
                #expect(!alarms(event, networks: valued), "event \(id) of a SID not elevated alarmed")
            }
            #expect(!alarms(event, networks: [:]), "event \(id) alarmed with every network at the default value 2")
        }
        #expect(elevatedWithServer >= seed.elevated.count / 2, "\(elevatedWithServer) elevated events name their server")
    }

    @Test(.timeLimit(.minutes(10)))
    func aNewEventTypeGetsItsOwnSIDThroughTheDailyJob() throws {
        let database = try OSSIMDatabase()
        let lateDelay = 40.0
        let deployment = try CronDeployment(simulatorArguments: [
            "--events", "3000", "--seed", "9", "--span", "600s", "--adversarial-share", "0",
            "--late-every", "2", "--late-window", "240s", "--late-delay", "\(Int(lateDelay))s", "--late-waves", "1",
        ])
        let started = Date()
        try deployment.addTool("ossim-db", script: database.ossimDBScript)
        let installation = deployment.installation
        let seed = try SeedTable()
        let sidbuilder = installation.executable("halo-sidbuilder")
        #expect(try deployment.runDailyJob().status == 0, "\(deployment.messages())")

        // First run: the types the seed does not know arrive with the generic SID and are recorded.
        try #require(try deployment.runConnector().status == 0, "\(deployment.messages())")
        try #require(Date().timeIntervalSince(started) < lateDelay, "too slow: the late wave is already visible")
        let firstLines = try String(contentsOfFile: installation.cefLog, encoding: .utf8).split(separator: "\n").count
        let truth = try deployment.simulator.truth().events
        let unknownTypes = Set(truth.compactMap { $0.string("type") }.filter { seed.sidByType[$0] == nil })
        try #require(!unknownTypes.isEmpty, "the emulator served no type the seed does not know")
        let before = try PluginRun(plugin: installation.pluginFile, log: installation.cefLog)
        let firstUnknown = before.events.filter { unknownTypes.contains($0["userdata1"] ?? "") }
        #expect(!firstUnknown.isEmpty)
        #expect(firstUnknown.allSatisfy { $0["plugin_sid"] == String(SeedTable.genericSID) })
        let unmapped = try runProcess(sidbuilder, ["list", "--unmapped", "--db", installation.sidTable])
        for type in unknownTypes { #expect(unmapped.stdout.contains(type), "\(type) not recorded as unmapped: \(unmapped.stdout)") }

        // The daily job, as the cron file runs it: a SID per new type, SQL regenerated and loaded, plugin replaced.
        let messagesBefore = deployment.messages()
        let pluginBefore = try String(contentsOfFile: installation.pluginFile, encoding: .utf8)
        let daily = try deployment.runDailyJob()
        #expect(daily.status == 0, "\(deployment.messages())")
        let report = String(deployment.messages().dropFirst(messagesBefore.count))
        var newSIDs: [String: Int] = [:]
        for line in report.split(separator: "\n") {
            // "… sync: added SID 100000 for type container_drift_detected: Halo: Container drift detected (Info/Misc)"
            guard let range = line.range(of: "sync: added SID ") else { continue }
            let words = line[range.upperBound...].split(separator: " ")
            if words.count >= 4, words[1] == "for", words[2] == "type", let sid = Int(words[0]) {
                newSIDs[String(words[3].dropLast())] = sid
            }
        }
        #expect(Set(newSIDs.keys) == unknownTypes, "daily job report:\n\(report)")
        #expect(report.contains("loaded the regenerated SQL"), "\(report)")
        // The plugin is replaced when the regenerated one differs (a new SID may only need the catch-all rule).
        let pluginChanged = try String(contentsOfFile: installation.pluginFile, encoding: .utf8) != pluginBefore
        #expect(report.contains("installed the regenerated plugin") == pluginChanged, "\(report)")
        let inDatabase = Set(try database.query("SELECT sid FROM plugin_sid WHERE plugin_id = 9876").compactMap { Int($0[0]) })
        for (type, sid) in newSIDs { #expect(inDatabase.contains(sid), "new SID \(sid) of \(type) not in plugin_sid") }
        #expect(try runProcess(sidbuilder, ["list", "--unmapped", "--db", installation.sidTable]).stdout.contains("no unmapped types"))

        // The next run after the late wave: lines of the new types carry their new SIDs and parse.
        let wait = lateDelay + 2 - Date().timeIntervalSince(started)
        if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
        try #require(try deployment.runConnector().status == 0, "\(deployment.messages())")
        let after = try PluginRun(plugin: installation.pluginFile, log: installation.cefLog)
        #expect(after.summary.contains(", 0 unmatched\n"), "\(after.summary.prefix(2000))")
        let lateUnknown = after.events.filter { Int($0["line"] ?? "") ?? 0 > firstLines && unknownTypes.contains($0["userdata1"] ?? "") }
        #expect(!lateUnknown.isEmpty, "the second run delivered no event of a new type")
        for event in lateUnknown {
            let type = event["userdata1"] ?? ""
            #expect(event["plugin_sid"] == newSIDs[type].map(String.init), "\(type) came as SID \(event["plugin_sid"] ?? "-"), want \(newSIDs[type] ?? 0)")
        }

        // Nothing changed since: the daily job says nothing.
        let quiet = deployment.messages()
        #expect(try deployment.runDailyJob().status == 0)
        #expect(deployment.messages() == quiet, "\(deployment.messages().dropFirst(quiet.count))")
    }
}
