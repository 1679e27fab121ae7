import Foundation
import HaloTesting
import Testing

/// The agent model restarted while the connector runs like cron (every 3 s here instead of 5 minutes,
/// the agent down for 12 s instead of 2 minutes): by our tools and killed without warning, then started
/// again. With today's files (the plugin's `bookmark_dir`, `agent-handoff --restart` as the daily SID
/// update does, the connector's mending of a stopped agent's bookmark and its restart detection) no event is skipped and none read twice; with the
/// files shipped before them (no bookmark, a plain restart) the lines the agent had not read are lost.
@Suite struct AgentRestartTests {
    @Test(.timeLimit(.minutes(10)))
    func restartsByOurToolsAndCrashesSkipNothingAndRepeatNothing() throws {
        let outcome = try Self.restarts(shipped: .today)
        #expect(outcome.missing.isEmpty, "\(outcome.missing.count) events skipped by the agent model, e.g. \(Array(outcome.missing.prefix(3)))\n\(outcome.messages)")
        #expect(outcome.duplicated.isEmpty, "\(outcome.duplicated.count) events read twice, e.g. \(Array(outcome.duplicated.prefix(3)))")
        // The crash is found either while the agent is down (its bookmark mended) or after its restart (lines appended again).
        #expect(["ossim-agent restarted and skipped", "ossim-agent is not running", "ossim-agent stopped during the run"].contains { outcome.messages.contains($0) },
                "the crash was not detected:\n\(outcome.messages)")
        print("agent restarts: \(outcome.summary)")
    }

    /// The same restarts with the plugin as it was before `bookmark_dir` (the model keeps no bookmark and
    /// seeks to the end of the log at every start; without the bookmark directory the connector cannot
    /// tell a restart) and the agent restarted by the plain service command: the events the agent had not
    /// read when it stopped, and those written while it was down, never reach it.
    @Test(.timeLimit(.minutes(10)))
    func theFilesShippedBeforeLoseWhatTheAgentSkipped() throws {
        let outcome = try Self.restarts(shipped: .beforeBookmarks)
        #expect(outcome.missing.count > 0, "nothing lost without bookmarks: the scenario does not restart a lagging agent")
        #expect(outcome.duplicated.isEmpty, "\(outcome.duplicated.count) events read twice")
        print("agent restarts with the files shipped before bookmark_dir: \(outcome.missing.count) of \(outcome.total) events never reached the agent model; \(outcome.summary)")
    }

    /// The package's postinst (`/usr/lib/halo-ossim-toolkit/setup`, its paths moved into a `make install`
    /// root) on an upgrade that changes the plugin, with the agent running and 3 000 lines behind: it
    /// restarts the agent through the hand-off (the service command is a stand-in that restarts the
    /// model), which waits for the agent to read the log first: every line is read once, before and
    /// after the restart.
    @Test(.timeLimit(.minutes(5)))
    func anUpgradeRestartsARunningAgentThroughTheHandOff() throws {
        let installation = try Installation(.staged)
        try installation.make("install")
        let root = installation.root
        let agent = AgentModel(installation)
        try Data().write(to: URL(fileURLWithPath: installation.cefLog))
        try agent.start()
        defer { agent.stop() }
        // The plugin of the previous version (generated, but not what this one generates).
        let plugin = try String(contentsOfFile: installation.pluginFile, encoding: .utf8)
        try (plugin + "# the previous version\n").write(toFile: installation.pluginFile, atomically: true, encoding: .utf8)
        let setup = root.file("usr/lib/halo-ossim-toolkit/setup")
        try FileManager.default.createDirectory(atPath: (setup as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try PathRewriter.under(root: root.path).apply(try RepoFile.text("packaging/setup")).write(toFile: setup, atomically: true, encoding: .utf8)
        // systemctl and service stand-ins: the agent is running; a restart restarts the model (down 1 s).
        let tools = root.file("tools"), calls = root.file("tools/calls")
        try FileManager.default.createDirectory(atPath: tools, withIntermediateDirectories: true)
        let service = """
            #!/bin/sh
            echo "${0##*/} $*" >> '\(calls)'
            case "$*" in
                *is-active*|*status*) exit 0 ;;
                *restart*) \(agent.restartCommand(down: 1)) ;;
                *) exit 1 ;;
            esac
            """
        for name in ["systemctl", "service"] {
            try service.write(toFile: tools + "/" + name, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tools + "/" + name)
        }
        let line = { (n: Int) in "CEF:0|CloudPassage|CPHalo|1.0|409|line \(n)|3|externalId=upgrade-\(n)\n" }
        let cef = { agent.received().filter { $0.hasPrefix("CEF:") } }
        let handle = try #require(FileHandle(forWritingAtPath: installation.cefLog))
        handle.seekToEndOfFile()
        // Once the model reads the log (it starts at its end: a line not CEF every 0.1 s until it reads one),
        // 3 000 lines: it is about 3 s behind.
        let reading = Date().addingTimeInterval(30)
        while agent.received().isEmpty, Date() < reading {
            handle.write(Data("not CEF, before the test\n".utf8))
            usleep(100_000)
        }
        try #require(!agent.received().isEmpty, "the agent model does not read \(installation.cefLog)")
        handle.write(Data((0..<3000).map(line).joined().utf8))
        let environment = ProcessInfo.processInfo.environment.merging(["PATH": tools + ":/usr/bin:/bin"]) { $1 }
        let result = try runProcess("/bin/sh", [setup, "configure"], environment: environment, timeout: 240)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("restarted ossim-agent (after it had read the log)"), "\(result.stdout)\(result.stderr)")
        #expect(!(result.stdout + result.stderr).contains("warning"), "the hand-off did not see the agent catch up: \(result.stdout)\(result.stderr)")
        #expect(try String(contentsOfFile: calls, encoding: .utf8).contains("restart"))
        #expect(try String(contentsOfFile: installation.pluginFile, encoding: .utf8) != plugin + "# the previous version\n")
        // After the restart the agent reads on (the hand-off appended its probe lines: write after them).
        handle.seekToEndOfFile()
        handle.write(Data((3000..<4000).map(line).joined().utf8))
        try handle.close()
        let deadline = Date().addingTimeInterval(60)
        while cef().count < 4000, Date() < deadline { usleep(200_000) }
        usleep(1_000_000)
        let read = cef()
        let missing = (0..<4000).filter { !Set(read).contains(Substring(line($0).dropLast())) }
        #expect(read.count == 4000 && Set(read).count == 4000, "\(read.count) lines read, \(Set(read).count) distinct, of 4000; never read: \(missing.prefix(10)); the restarted model said: \((try? String(contentsOfFile: agent.restartedLog, encoding: .utf8)) ?? ""); calls: \((try? String(contentsOfFile: calls, encoding: .utf8)) ?? ""); setup: \(result.stdout)")
    }

    /// The agent model (500 lines/s) stopped twice during a long run (the emulator answers each page in 1 s:
    /// the run writes 20 000 events over about a minute), killed without warning, then cleanly (SIGTERM: its
    /// pid file removed, then one more line read, bookmarked and dropped, as the agent does), and started
    /// again, once during the run and once after it: the connector finds it stopped (its pid file names no
    /// live process, or is gone) and mends its bookmark, so it reads on after its last line sent each time. Then a restart by our tool asked for during a run: it
    /// waits for the run's lock and for the agent to catch up. Every event once.
    @Test(.timeLimit(.minutes(10)))
    func crashesDuringARunSkipNothingAndRepeatNothing() throws {
        let outcome = try Self.crashesDuringARun(keeper: true)
        #expect(outcome.missing.isEmpty, "\(outcome.missing.count) events skipped by the agent model, e.g. \(Array(outcome.missing.prefix(3)))\n\(outcome.messages)")
        // A kill that lands while the agent rewrites its bookmark (truncated, not yet written: about one kill in a
        // hundred for the model) leaves nothing to tell its last line: the last line seen in it stands in, and
        // the lines read since are read again (a look's, 10 ms: 5 at 500 lines/s; 25 allowed for a busy
        // machine's late looks). Else none.
        let guesses = outcome.messages.components(separatedBy: "which it left unreadable").count - 1
        #expect(outcome.duplicated.count <= 25 * guesses,
                "\(outcome.duplicated.count) events read twice (\(guesses) bookmarks found unreadable), e.g. \(Array(outcome.duplicated.prefix(3)))\n\(outcome.messages)")
        #expect(outcome.messages.components(separatedBy: "ossim-agent stopped during the run").count - 1 == 2, "two stops mended:\n\(outcome.messages)")
        print("agent killed during runs: \(outcome.duplicated.count) read twice; \(outcome.summary)")
    }

    /// The same stops with the connector as it was before it kept the bookmark (here: its pid file names
    /// a live process, so it never mends): each start seeks to the end of the log.
    @Test(.timeLimit(.minutes(10)))
    func withoutKeepingTheBookmarkACrashDuringARunLosesWhatTheAgentHadNotRead() throws {
        let outcome = try Self.crashesDuringARun(keeper: false)
        #expect(outcome.missing.count > 0, "nothing lost without the keeper: the scenario does not crash a lagging agent")
        #expect(outcome.duplicated.isEmpty, "\(outcome.duplicated.count) events read twice")
        print("agent killed during runs, no bookmark kept: \(outcome.missing.count) of \(outcome.total) events never reached the agent model; \(outcome.summary)")
    }

    static func crashesDuringARun(keeper: Bool) throws -> Outcome {
        let deployment = try CronDeployment(
            simulatorArguments: ["--accounts", "1", "--events", "20000", "--seed", "17", "--span", "2h", "--no-late", "--latency", "1s"])
        let installation = deployment.installation
        let truthIDs = Set(try deployment.simulator.truthIDs())
        // Without the keeper the model's pid goes elsewhere and the connector's pid file names this process.
        let agent = AgentModel(installation, rate: 500, pidFile: keeper ? nil : installation.root.file("model.pid"))
        if !keeper {
            try FileManager.default.createDirectory(atPath: (installation.agentPidFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try "\(getpid())\n".write(toFile: installation.agentPidFile, atomically: true, encoding: .utf8)
        }
        try Data().write(to: URL(fileURLWithPath: installation.cefLog))
        try agent.start()
        defer { agent.stop() }
        usleep(500_000)
        let started = Date()
        let at = { (seconds: Double) in started.addingTimeInterval(seconds) }
        let run = try deployment.startConnector()
        // Killed at 12 s, started at 27 s, stopped cleanly at 40 s (during the run), started 5 s after the run.
        var step = 0
        while step < 3, Date() < at(60) {
            if Date() >= at([12.0, 27, 40][step]) {
                try #require(run.isRunning, "the run ended after \(Int(Date().timeIntervalSince(started))) s: too short for the scenario")
                switch step {
                case 0: agent.stop()
                case 1: try agent.start()
                default: agent.stop(SIGTERM)
                }
                step += 1
            }
            usleep(100_000)
        }
        let first = try run.wait(timeout: 120)
        let firstRun = Date().timeIntervalSince(started)
        try #require(first.status == 0, "the run exited \(first.status): \(deployment.messages())")
        usleep(5_000_000)
        try agent.start()
        // Our tool's restart, asked for while a run (with nothing new, 2 s of requests) holds the lock.
        let second = try deployment.startConnector()
        usleep(300_000)
        let restart = try RunningProcess(installation.executable("halo-sidbuilder"), [
            "agent-handoff", installation.cefLog, "--bookmark-dir", agent.bookmarkDirectory,
            "--configdir", installation.stateDirectory, "--wait", "120", "--restart", agent.restartCommand(down: 5)])
        #expect(try second.wait(timeout: 60).status == 0)
        let handoff = try restart.wait(timeout: 300)
        #expect(handoff.status == 0, "the restart: \(handoff.stderr)")
        #expect(try deployment.runConnector().status == 0)

        _ = agent.waitForLines(truthIDs.count, within: 120, stillFor: 5) { $0.hasPrefix("CEF:") }
        usleep(2_000_000)
        var seen: [String: Int] = [:]
        for line in agent.received() where line.hasPrefix("CEF:") {
            seen[try CEFLine(parsing: String(line))["externalId"] ?? "", default: 0] += 1
        }
        let messages = deployment.messages()
        let notices = messages.components(separatedBy: "\n").filter { $0.contains("ossim-agent") }.joined(separator: " | ")
        return Outcome(
            total: truthIDs.count, missing: truthIDs.subtracting(seen.keys), duplicated: seen.filter { $0.value > 1 }.map(\.key),
            messages: messages,
            summary: "first run \(Int(firstRun)) s, \(Self.received(seen, of: truthIDs)) in \(Int(Date().timeIntervalSince(started))) s; \(notices)")
    }

    /// "N of M events received (and K health lines)": the Halo events the model read, and the connector's own lines.
    static func received(_ seen: [String: Int], of truth: Set<String>) -> String {
        let events = truth.intersection(seen.keys).count
        return "\(events) of \(truth.count) events received" + (seen.count > events ? " (and \(seen.count - events) health lines)" : "")
    }

    enum Files { case today, beforeBookmarks }

    struct Outcome {
        var total: Int
        var missing: Set<String>
        var duplicated: [String]
        var messages: String
        var summary: String
    }

    /// 20 000 events of one account (half at once, half in 12 waves of late arrivals 5 s apart), the cron
    /// line every 3 s; at 12 s the agent is restarted by our tool (down 12 s), when that is done it is killed
    /// and started again 12 s later; then two more runs and what the model read, by event id.
    static func restarts(shipped files: Files) throws -> Outcome {
        let waves = 12, waveDelay = 5.0
        let deployment = try CronDeployment(
            simulatorArguments: ["--accounts", "1", "--events", "20000", "--seed", "16", "--span", "120s",
                                 "--late-window", "120s", "--late-every", "2", "--late-delay", "\(Int(waveDelay))s",
                                 "--late-waves", "\(waves)"])
        let started = Date()
        let installation = deployment.installation
        let truthIDs = Set(try deployment.simulator.truthIDs())
        let agent = AgentModel(installation, bookmarks: files == .today)
        if files == .beforeBookmarks { try FileManager.default.removeItem(atPath: agent.bookmarkDirectory) }
        try agent.start()
        defer { agent.stop() }

        var runs = 0, lockHeld = 0, restartedByUs = false, restarted = false, killed: Date?, restartedAfterKill = false
        var restartTool: RunningProcess?, plainStartDue: Date?
        let lastWave = started.addingTimeInterval(Double(waves + 1) * waveDelay + 4)
        while runs + lockHeld < 200, Date() < lastWave || !restartedAfterKill {
            let elapsed = Date().timeIntervalSince(started)
            if !restartedByUs, elapsed > 12 {
                switch files {
                case .today:
                    // Our tool: waits for the agent under the lock, restarts it (down 12 s), waits until it reads.
                    restartTool = try RunningProcess(installation.executable("halo-sidbuilder"), [
                        "agent-handoff", installation.cefLog, "--bookmark-dir", agent.bookmarkDirectory,
                        "--configdir", installation.stateDirectory, "--wait", "120", "--restart", agent.restartCommand(down: 12)])
                case .beforeBookmarks:
                    // The service manager, as the daily job ran it before the hand-off: stop, down 12 s, start.
                    agent.stop(SIGTERM)
                    plainStartDue = Date().addingTimeInterval(12)
                }
                restartedByUs = true
            }
            if let due = plainStartDue, Date() >= due {
                try agent.start()
                (plainStartDue, restarted) = (nil, true)
            }
            if let tool = restartTool, !tool.isRunning, !restarted {
                let result = try tool.wait()
                #expect(result.status == 0, "the restart: \(result.stderr)")
                restarted = true
            }
            if restarted, killed == nil {
                // Without warning, while the connector goes on writing: down 12 s.
                if files == .today { agent.killRestarted() } else { agent.stop() }
                killed = Date()
            }
            if let killed, !restartedAfterKill, Date().timeIntervalSince(killed) > 12 {
                try agent.start()
                restartedAfterKill = true
            }
            let run = try deployment.runConnector()
            if run.status == 75 { lockHeld += 1 } else {
                try #require(run.status == 0, "connector run exited \(run.status): \(deployment.messages())")
                runs += 1
            }
            usleep(3_000_000)
        }
        try #require(restartedAfterKill, "the scenario did not finish: \(deployment.messages())")
        // Two more runs: the first finds the restarted agent waiting at the end and appends what it skipped.
        for _ in 0..<2 {
            try #require(try deployment.runConnector().status == 0)
            usleep(3_000_000)
        }

        // What the model read, once it has read every event or has read nothing more for 5 s (up to 120 s).
        _ = agent.waitForLines(truthIDs.count, within: 120, stillFor: 5) { $0.hasPrefix("CEF:") }
        usleep(3_000_000)
        var seen: [String: Int] = [:]
        for line in agent.received() where line.hasPrefix("CEF:") {
            seen[try CEFLine(parsing: String(line))["externalId"] ?? "", default: 0] += 1
        }
        let messages = deployment.messages()
        let notices = messages.components(separatedBy: "\n").filter { $0.contains("ossim-agent") }.joined(separator: " | ")
        return Outcome(
            total: truthIDs.count, missing: truthIDs.subtracting(seen.keys), duplicated: seen.filter { $0.value > 1 }.map(\.key),
            messages: messages,
            summary: "\(runs) runs (\(lockHeld) found the lock held), \(Self.received(seen, of: truthIDs)) in \(Int(Date().timeIntervalSince(started))) s; \(notices)")
    }
}
