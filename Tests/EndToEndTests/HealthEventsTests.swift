import Foundation
import HaloAPI
import HaloConnector
import HaloEventsCommand
import HaloModel
import HaloOutput
import HaloPlatform
import HaloSIDMap
import HaloTesting
import Testing

/// `halo-events --health` against the real `halo-sim` on 127.0.0.1: each condition provoked gives its line
/// in the CEF log, the plugin (as ossim-agent applies it) gives it its SID, and OSSIM's risk formula over the
/// priority and reliability loaded into a real MariaDB says it alarms; a healthy run writes nothing.
@Suite("Health events", .serialized)
struct HealthEventsTests {
    /// The health lines of a CEF log: (type, line).
    static func healthLines(_ log: String) throws -> [(type: String, line: String)] {
        try OutputFile.lines(of: log).compactMap { line in
            guard let range = line.range(of: " cat=halo_connector_") else { return nil }
            let type = line[range.upperBound...].prefix { $0 != " " }
            return ("halo_connector_" + type, line)
        }
    }

    /// The plugin's events for the health lines of `log` (written alone to a file of their own).
    static func pluginEvents(_ lines: [String], in dir: TemporaryDirectory) throws -> PluginRun {
        let file = dir.file("health-\(UUID().uuidString).cef")
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: file))
        return try PluginRun(plugin: RepoFile.path("plugin/cloudpassage-halo.cfg"), log: file)
    }

    static func run(_ sim: SimulatorProcess, log: String, _ extra: [String]) throws -> ProcessResult {
        try HaloEventsProcess.run(sim.arguments(output: nil) + ["--ceffile=\(log)"] + extra)
    }

    @Test("a wrong secret: one account-failed line (SID 90001) with the run's sentence, never a secret; the good account writes none")
    func accountFailed() throws {
        let sim = try SimulatorProcess(accounts: 2, events: 200)
        let log = sim.directory.file("halo.cef")
        let (good, bad) = (sim.accounts[0], sim.accounts[1])
        let wrong = "wrong-" + bad.secret
        try Data("\(good.keyID)|\(good.secret)\n\(bad.keyID)|\(wrong)\n".utf8).write(to: URL(fileURLWithPath: sim.authFile))
        chmod(sim.authFile, 0o600)
        let result = try Self.run(sim, log: log, ["--health"])
        #expect(result.status == 1, "\(result.stderr)")
        let health = try Self.healthLines(log)
        #expect(health.map(\.type) == ["halo_connector_account_failed"], "\(health.map(\.line))")
        let line = try #require(health.first?.line)
        #expect(line.contains("suid=\(bad.keyID)"))
        // The same sentence the run says on stderr.
        let said = try #require(result.stderr.split(separator: "\n").first { $0.contains("key \(bad.keyID): FAILED: ") })
        let sentence = try #require(said.components(separatedBy: "FAILED: ").last?.components(separatedBy: ". Before that").first)
        #expect(line.contains("FAILED: " + sentence), "\(line)\n\(said)")
        let everything = try String(contentsOfFile: log, encoding: .utf8) + result.stdout + result.stderr
        for secret in [good.secret, bad.secret, wrong] { #expect(!everything.contains(secret)) }
        #expect(try OutputFile.lines(of: log).count == 200 + 1)
        let parsed = try Self.pluginEvents(health.map(\.line), in: sim.directory)
        #expect(parsed.status == 0, "\(parsed.summary)")
        #expect(parsed.events.map { $0["plugin_sid"] } == ["90001"])
        #expect(parsed.events.first?["userdata6"]?.contains(sentence) == true)
    }

    @Test("an account silent for --silence: one account-silent line (SID 90002); a longer --silence writes nothing")
    func accountSilent() throws {
        let threeDaysAgo = HaloTimestamp.now.adding(seconds: -3 * 86_400).iso8601(fractionDigits: 0)
        let sim = try SimulatorProcess(events: 100, extra: ["--now", threeDaysAgo, "--span", "1h"])
        let log = sim.directory.file("halo.cef")
        let first = try Self.run(sim, log: log, ["--health"])
        #expect(first.status == 0, "\(first.stderr)")
        let health = try Self.healthLines(log)
        #expect(health.map(\.type) == ["halo_connector_account_silent"], "\(health.map(\.line))")
        #expect(health.first?.line.contains("for 1d or more (--silence)") == true)
        #expect(try Self.pluginEvents(health.map(\.line), in: sim.directory).events.map { $0["plugin_sid"] } == ["90002"])
        let second = try Self.run(sim, log: log, ["--health", "--silence=4d"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try OutputFile.lines(of: log).count == 100 + 1)
    }

    @Test("the API counts events that never come: a checkpoint-stalled line (SID 90003) on every run while it lasts")
    func checkpointStalled() throws {
        let sim = try SimulatorProcess(events: 150, extra: ["--fault", "withhold@every=1"])
        let log = sim.directory.file("halo.cef")
        let starting = HaloTimestamp.now.adding(seconds: -2 * 86_400).iso8601(fractionDigits: 0)
        for run in 1...2 {
            let result = try Self.run(sim, log: log, ["--health", "--starting=\(starting)"])
            #expect(result.status == 0, "\(result.stderr)")
            let health = try Self.healthLines(log)
            #expect(health.map(\.type) == Array(repeating: "halo_connector_checkpoint_stalled", count: run), "\(health.map(\.line))")
            #expect(health.last?.line.contains("the API counts 150 events after its checkpoint") == true, "\(health.last?.line ?? "")")
        }
        let parsed = try Self.pluginEvents(try Self.healthLines(log).map(\.line), in: sim.directory)
        #expect(parsed.events.map { $0["plugin_sid"] } == ["90003", "90003"])
    }

    @Test("a healthy run writes nothing; with --heartbeat, one heartbeat line (SID 90000) per run")
    func healthyAndHeartbeat() throws {
        let sim = try SimulatorProcess(events: 300)
        let log = sim.directory.file("halo.cef")
        let first = try Self.run(sim, log: log, ["--health"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try OutputFile.lines(of: log).count == 300)
        #expect(try Self.healthLines(log).isEmpty)
        for run in 1...2 {
            #expect(try Self.run(sim, log: log, ["--health", "--heartbeat"]).status == 0)
            let health = try Self.healthLines(log)
            #expect(health.map(\.type) == Array(repeating: "halo_connector_heartbeat", count: run))
        }
        let heartbeat = try #require(try Self.healthLines(log).first?.line)
        #expect(heartbeat.contains("msg=halo-events ran: 1 account, 0 failed, 0 events delivered"), "\(heartbeat)")
        #expect(try Self.pluginEvents([heartbeat], in: sim.directory).events.map { $0["plugin_sid"] } == ["90000"])
        let refused = try Self.run(sim, log: log, ["--heartbeat"])
        #expect(refused.status == 64 && refused.stderr.contains("--heartbeat needs --health"), "\(refused.stderr)")
    }

    @Test(
        "the agent model behind by more than the lag warning: an agent-lagging line (SID 90004); killed: agent-stopped (SID 90005)",
        .timeLimit(.minutes(5)))
    func agentLaggingThenStopped() async throws {
        let sim = try SimulatorProcess(events: 2_000)
        let log = sim.directory.file("halo.cef")
        let agentDirectory = sim.configDirectory + "/agent"
        try FileManager.default.createDirectory(atPath: agentDirectory, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: log, contents: nil))
        // ossim-agent's model, reading 100 lines a second: far behind 2000 lines.
        let agent = try RunningProcess(SIDBuilderProcess.path, [
            "tail", log, "--bookmark-dir", agentDirectory, "--rate", "100", "--out", sim.directory.file("received.log"),
        ])
        defer { agent.stop() }
        usleep(500_000)
        var run = HaloEventsRun(
            configuration: ConnectorConfiguration(authFile: sim.authFile, configDirectory: sim.configDirectory),
            api: Self.api(sim.baseURL), formatter: CEFFormatter(), destination: .file(log))
        run.health = HealthSettings()
        run.agentLagWarning = 500
        let lines = CollectedLines()
        let (first, _) = await run.run(diagnostics: Diagnostics { lines.append($0) })
        #expect(first == .success, "\(lines.all)")
        var health = try Self.healthLines(log)
        #expect(health.map(\.type) == ["halo_connector_agent_lagging"], "\(health.map(\.line)) \(lines.all)")
        // Once it has a bookmark (it has read some), stopped for good (kill -9) with lines left: the next
        // run's probe goes unread.
        let deadline = Date().addingTimeInterval(15)
        while (try FileManager.default.contentsOfDirectory(atPath: agentDirectory)).isEmpty, Date() < deadline { usleep(50_000) }
        try #require(!(try FileManager.default.contentsOfDirectory(atPath: agentDirectory)).isEmpty, "the agent model wrote no bookmark")
        agent.send(SIGKILL)
        _ = try? agent.wait(timeout: 10)
        let (second, _) = await run.run(diagnostics: Diagnostics { lines.append($0) })
        #expect(second == .success, "\(lines.all)")
        health = try Self.healthLines(log)
        #expect(health.map(\.type) == ["halo_connector_agent_lagging", "halo_connector_agent_stopped"], "\(health.map(\.line)) \(lines.all)")
        let parsed = try Self.pluginEvents(health.map(\.line), in: sim.directory)
        #expect(parsed.events.map { $0["plugin_sid"] } == ["90004", "90005"])
    }

    @Test("loaded into OSSIM's tables: every problem SID's priority and reliability make it alarm at any asset value from 1, the heartbeat never")
    func alarmsInOSSIM() throws {
        let database = try OSSIMDatabase()
        try database.server.load(file: RepoFile.path(RepoFile.sql), database: "alienvault")
        let rows = try database.query("SELECT sid, priority, reliability FROM plugin_sid WHERE plugin_id = 9876 AND sid BETWEEN 90000 AND 90999 ORDER BY sid")
        #expect(rows.map { $0[0] } == ["90000", "90001", "90002", "90003", "90004", "90005"])
        for row in rows {
            let (sid, priority, reliability) = (Int(row[0])!, Int(row[1])!, Int(row[2])!)
            // risk = floor(priority * asset * reliability / 25); an alarm when risk >= 1 (src_ip 0.0.0.0: asset 2).
            let risk = { (asset: Int) in priority * asset * reliability / 25 }
            if sid == 90000 {
                #expect((0...5).allSatisfy { risk($0) == 0 }, "the heartbeat alarms")
            } else {
                #expect((1...5).allSatisfy { risk($0) >= 1 }, "SID \(sid) (\(priority)/\(reliability)) does not alarm at every asset value")
                #expect(risk(AlarmExplanation.defaultAssetValue) >= 1)
            }
        }
    }

    static func api(_ url: String) -> HaloAPISettings {
        var api = HaloAPISettings()
        api.endpoint = try! HaloEndpoint(url: url)
        api.retry = RetryPolicy(
            maxAttempts: 6, baseDelay: .milliseconds(10), maxDelay: .milliseconds(100), attemptTimeout: .seconds(30), maxTotalTime: .seconds(120))
        return api
    }
}
