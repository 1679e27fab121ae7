import Foundation
import HaloConnector
import HaloEventsCommand
import HaloModel
import HaloSIDMap
import HaloTesting
import Testing

/// `halo-events status`, `halo-events checkpoint` and `--metrics-file`, as real processes against halo-sim.
@Suite("halo-events status, checkpoint and metrics") struct StatusCommandTests {
    @Test("status: never run, healthy, stale, pending and failing (wrong secret), golden tables; --json parsed")
    func statusStates() throws {
        let sim = try SimulatorProcess(accounts: 2, events: 300)
        defer { sim.stop() }
        let keys = sim.accounts.map(\.keyID)
        let base = sim.arguments(output: sim.outputFile)
        try FileManager.default.createDirectory(atPath: sim.configDirectory + "/agent", withIntermediateDirectories: true)
        func status(_ extra: [String] = [], arguments: [String]? = nil) throws -> ProcessResult {
            try HaloEventsProcess.run(["status"] + (arguments ?? base) + extra, timeout: 60)
        }
        func golden(_ result: ProcessResult) -> String { normalized(result.stdout, keys: keys, directory: sim.directory.path) }

        let never = try status()
        #expect(never.status == ExitStatus.unhealthy.rawValue)
        #expect(golden(never) == """
            KEY ID CHECKPOINT AGE LAST RUN RESULT 24 H PENDING HEALTH
            KEY1 - - - - 0 - never-run
            KEY2 - - - - 0 - never-run
            key KEY1: no run recorded and no checkpoint yet: run halo-events (or check the cron line)
            key KEY2: no run recorded and no checkpoint yet: run halo-events (or check the cron line)
            ossim-agent: DIR/events.json does not exist yet
            unhealthy: 2 of 2 accounts

            """)

        let run = try HaloEventsProcess.run(base, timeout: 120)
        #expect(run.status == 0, "\(run.stderr)")
        let healthy = try status()
        #expect(healthy.status == 0, "\(healthy.stdout)")
        #expect(golden(healthy) == """
            KEY ID CHECKPOINT AGE LAST RUN RESULT 24 H PENDING HEALTH
            KEY1 TIME AGE TIME ok 300 - ok
            KEY2 TIME AGE TIME ok 300 - ok
            ossim-agent has 600 lines of DIR/events.json to read
            healthy: 2 accounts

            """)

        // --json: the same facts for scripts.
        let json = try status(["--json"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["healthy"] as? Bool == true)
        let accounts = try #require(object["accounts"] as? [[String: Any]])
        #expect(accounts.compactMap { $0["key_id"] as? String } == keys)
        let store = CheckpointStore(directory: sim.configDirectory, authFile: sim.authFile)
        for (account, keyID) in zip(accounts, keys) {
            #expect(account["delivered_last_day"] as? Int == 300)
            #expect(account["checkpoint"] as? String == (try store.load(keyID: keyID))?.cursor.newest?.description)
            let last = try #require(account["last_run"] as? [String: Any])
            #expect(last["result"] as? String == "succeeded" && last["delivered"] as? Int == 300)
            #expect((account["checkpoint_age_seconds"] as? Double).map { $0 >= 0 } == true)
        }
        let agent = try #require(object["agent"] as? [String: Any])
        #expect(agent["unread_lines"] as? Int == 600 && agent["lagging"] as? Bool == false)

        // The agent's lag counts against the run's --agent-lag-warning: 600 lines to read is lagging above 599,
        // and never with 0 (off).
        let lagging = try status(["--agent-lag-warning=599"])
        #expect(lagging.status == ExitStatus.unhealthy.rawValue, "\(lagging.stdout)")
        #expect(golden(lagging).contains("ossim-agent is 600 lines behind in DIR/events.json (more than 599)"), "\(lagging.stdout)")
        #expect(golden(lagging).hasSuffix("unhealthy: 0 of 2 accounts, the agent\n"), "\(lagging.stdout)")
        #expect(try status(["--agent-lag-warning=0"]).status == 0)

        // Stale: no run succeeded within --stale.
        usleep(1_200_000)
        let stale = try status(["--stale=1s"])
        #expect(stale.status == ExitStatus.unhealthy.rawValue)
        #expect(golden(stale) == """
            KEY ID CHECKPOINT AGE LAST RUN RESULT 24 H PENDING HEALTH
            KEY1 TIME AGE TIME ok 300 - stale
            KEY2 TIME AGE TIME ok 300 - stale
            key KEY1: no run succeeded for more than AGE (--stale); the last one ended AGE ago: is cron still running halo-events?
            key KEY2: no run succeeded for more than AGE (--stale); the last one ended AGE ago: is cron still running halo-events?
            ossim-agent has 600 lines of DIR/events.json to read
            unhealthy: 2 of 2 accounts

            """)

        // Pending: the checkpoint a run killed in the middle of a batch leaves.
        let path = store.path(for: keys[0])
        var checkpoint = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        checkpoint["pending"] = [
            "output": sim.outputFile, "device": 1, "inode": 2, "length_before": 0, "length": 10, "digest": "00", "events": 5,
            "next": checkpoint["cursor"] as Any,
        ] as [String: Any]
        try JSONSerialization.data(withJSONObject: checkpoint).write(to: URL(fileURLWithPath: path))
        let pending = try status()
        #expect(pending.status == ExitStatus.unhealthy.rawValue)
        #expect(golden(pending) == """
            KEY ID CHECKPOINT AGE LAST RUN RESULT 24 H PENDING HEALTH
            KEY1 TIME AGE TIME ok 300 5 events pending
            KEY2 TIME AGE TIME ok 300 - ok
            key KEY1: a crashed run left a batch of 5 events pending for DIR/events.json; the next run settles it (checks whether it is whole in the file)
            ossim-agent has 600 lines of DIR/events.json to read
            unhealthy: 1 of 2 accounts

            """)

        // Failing: a wrong secret; the status says why, and no secret anywhere.
        let badAuth = sim.directory.file("wrong.auth")
        try sim.accounts.map { "\($0.keyID)|wrongsecret\($0.keyID)" }.joined(separator: "\n").write(toFile: badAuth, atomically: true, encoding: .utf8)
        chmod(badAuth, 0o600)
        let failingArguments = HaloEventsProcess.arguments(
            authFile: badAuth, configDirectory: sim.directory.file("failing"), url: sim.baseURL, output: sim.directory.file("failing.json"))
        #expect(try HaloEventsProcess.run(failingArguments, timeout: 120).status == ExitStatus.accountsFailed.rawValue)
        let failing = try status(arguments: failingArguments)
        #expect(failing.status == ExitStatus.unhealthy.rawValue)
        #expect(golden(failing) == """
            KEY ID CHECKPOINT AGE LAST RUN RESULT 24 H PENDING HEALTH
            KEY1 - - TIME failed 0 - failed
            KEY2 - - TIME failed 0 - failed
            key KEY1: the last run failed: Halo refused the key (HTTP 401 on POST /oauth/access_token): check the key id and the secret in the auth file
            key KEY2: the last run failed: Halo refused the key (HTTP 401 on POST /oauth/access_token): check the key id and the secret in the auth file
            unhealthy: 2 of 2 accounts

            """)
        let failingJSON = try status(["--json"], arguments: failingArguments)
        let written = [failing.stdout, failingJSON.stdout, failing.stderr]
            + (try FileManager.default.contentsOfDirectory(atPath: sim.directory.file("failing"))).map {
                (try? String(contentsOfFile: sim.directory.file("failing/\($0)"), encoding: .utf8)) ?? ""
            }
        for secret in sim.accounts.map(\.secret) + keys.map({ "wrongsecret\($0)" }) {
            #expect(!written.contains { $0.contains(secret) }, "a secret in the output")
        }
    }

    @Test("status --sidmap lists the types the SID table does not map yet, as the run recorded them")
    func statusUnmappedTypes() throws {
        let sim = try SimulatorProcess(events: 400)
        defer { sim.stop() }
        let database = sim.directory.file("sid.sqlite")
        #expect(try SIDBuilderProcess.run(["init", "--db", database]).status == 0)
        let arguments = sim.arguments(output: sim.outputFile) + ["--sidmap=\(database)"]
        #expect(try HaloEventsProcess.run(arguments, timeout: 120).status == 0)
        let recorded = try SIDStore(path: database, access: .readOnly).unmappedSightings()
        let truthTypes = Set(try sim.truth(account: 0).compactMap(\.type))
        let known = Set(SIDSeed.builtIn.entries.flatMap(\.types))
        #expect(Set(recorded.compactMap(\.type)) == truthTypes.subtracting(known) && !recorded.isEmpty)

        let text = try HaloEventsProcess.run(["status"] + arguments, timeout: 60)
        #expect(text.status == 0, "unmapped types alone are not unhealthy: \(text.stdout)")
        #expect(text.stdout.contains("unmapped types: \(recorded.count) (events of them carry the generic SID until `halo-sidbuilder sync` maps them): "))
        let json = try HaloEventsProcess.run(["status", "--json"] + arguments, timeout: 60)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let listed = try #require(object["unmapped_types"] as? [[String: Any]])
        #expect(listed.compactMap { $0["type"] as? String } == recorded.compactMap(\.type))
        #expect(listed.compactMap { $0["count"] as? Int } == recorded.map(\.count))

        // A SID database that cannot be read is unhealthy.
        let broken = try HaloEventsProcess.run(["status", "--sidmap=\(sim.directory.file("missing.sqlite"))"] + sim.arguments(output: sim.outputFile), timeout: 60)
        #expect(broken.status == ExitStatus.unhealthy.rawValue && broken.stdout.contains("cannot read the unmapped types of --sidmap="), "\(broken.stdout)")
    }

    @Test("checkpoint show, set and rewind: the window is delivered again once, nothing beyond it; refused under a held lock")
    func checkpointCommands() throws {
        let sim = try SimulatorProcess(events: 600)
        defer { sim.stop() }
        let base = sim.arguments(output: sim.outputFile)
        let keyID = sim.accounts[0].keyID
        let truth = try sim.truth(account: 0)
        #expect(try HaloEventsProcess.run(base, timeout: 120).status == 0)
        let store = CheckpointStore(directory: sim.configDirectory, authFile: sim.authFile)
        let newest = try #require(try store.load(keyID: keyID)?.cursor.newest)

        let show = try HaloEventsProcess.run(["checkpoint", "show"] + base, timeout: 60)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.hasPrefix("key \(keyID): checkpoint \(newest) ("), "\(show.stdout)")

        // rewind 2h: the events of the two hours up to the checkpoint come again, once each; then nothing.
        let rewind = try HaloEventsProcess.run(["checkpoint", "rewind", "2h", "--key", keyID] + base, timeout: 60)
        #expect(rewind.status == 0, "\(rewind.stderr)")
        #expect(try store.load(keyID: keyID)?.cursor.newest == newest.adding(seconds: -7_200))
        let window = truth.filter { $0.createdAt! >= newest.adding(seconds: -7_200) }.compactMap(\.id)
        #expect(!window.isEmpty && window.count < truth.count)
        #expect(try HaloEventsProcess.run(base, timeout: 120).status == 0)
        #expect(try HaloEventsProcess.run(base, timeout: 120).status == 0)
        let ids = try DeliveredEvents(lines: sim.outputLines()).events.compactMap(\.id)
        #expect(ids == truth.compactMap(\.id) + window)

        // set: from a point on, again.
        let point = try #require(truth[500].createdAt)
        let set = try HaloEventsProcess.run(["checkpoint", "set", point.description] + base, timeout: 60)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("key \(keyID): checkpoint moved from \(newest) to \(point)"), "\(set.stdout)")
        #expect(try HaloEventsProcess.run(base, timeout: 120).status == 0)
        let again = truth.filter { $0.createdAt! >= point }.compactMap(\.id)
        #expect(try DeliveredEvents(lines: sim.outputLines()).events.compactMap(\.id) == ids + again)

        // Never while a run holds the lock: exit 75, the checkpoint untouched.
        let before = try store.load(keyID: keyID)
        let lock = try RunLock.acquire(in: sim.configDirectory)
        for command in [["rewind", "1h"], ["set", point.description]] {
            let refused = try HaloEventsProcess.run(["checkpoint"] + command + base, timeout: 60)
            #expect(refused.status == ExitStatus.lockHeld.rawValue, "\(refused.stderr)")
            #expect(refused.stderr.contains("another halo-events run (pid \(getpid())) holds"), "\(refused.stderr)")
        }
        withExtendedLifetime(lock) {}
        #expect(try store.load(keyID: keyID) == before)

        // Bad values and unknown keys are usage errors.
        for bad in [["set", "yesterday"], ["set", "2999-01-01"], ["rewind", "soon"], ["show", "--key", "nokey"]] {
            #expect(try HaloEventsProcess.run(["checkpoint"] + bad + base, timeout: 60).status == ExitStatus.usage.rawValue, "\(bad)")
        }
    }

    @Test("--metrics-file: Prometheus text with HELP and TYPE, holding the run's counts; counters add up over runs")
    func metricsFile() throws {
        let sim = try SimulatorProcess(accounts: 2, events: 400)
        defer { sim.stop() }
        let file = sim.directory.file("halo.prom")
        let arguments = sim.arguments(output: sim.outputFile) + ["--metrics-file=\(file)"]
        let keys = sim.accounts.map(\.keyID)
        var delivered = [0, 0]
        for expected in [400, 0] {
            let run = try HaloEventsProcess.run(arguments, timeout: 120)
            #expect(run.status == 0, "\(run.stderr)")
            let metrics = try PrometheusText(String(contentsOfFile: file, encoding: .utf8))
            for sample in metrics.samples {
                #expect(metrics.types[sample.name] != nil && metrics.help[sample.name] != nil, "\(sample.name) has HELP and TYPE")
            }
            #expect(metrics.types["halo_events_delivered_events_total"] == "counter")
            #expect(metrics.types["halo_events_checkpoint_age_seconds"] == "gauge")
            for (index, keyID) in keys.enumerated() {
                let label = ["key_id": keyID]
                delivered[index] += expected
                #expect(metrics.value("halo_events_run_delivered_events", label) == Double(expected))
                #expect(metrics.value("halo_events_delivered_events_total", label) == Double(delivered[index]))
                // The summary line's request count is the run's.
                let summary = try #require(run.stderr.split(separator: "\n").first { $0.contains("key \(keyID): ok") })
                let requests = try #require(summary.firstMatch(of: /, (\d+) requests? \((\d+) retr/))
                #expect(metrics.value("halo_events_run_requests", label) == Double(requests.1)!)
                #expect(metrics.value("halo_events_run_retries", label) == Double(requests.2)!)
                #expect(metrics.value("halo_events_failures_total", label) == 0)
                #expect(metrics.value("halo_events_runs_total", label) == (expected == 400 ? 1 : 2))
                #expect(metrics.value("halo_events_run_success", label) == 1)
                #expect((metrics.value("halo_events_checkpoint_age_seconds", label) ?? -1) >= 0)
                #expect((metrics.value("halo_events_account_duration_seconds", label) ?? -1) >= 0)
            }
            #expect(metrics.value("halo_events_run_exit_status") == 0)
            #expect((metrics.value("halo_events_run_duration_seconds") ?? -1) > 0)
        }
        var st = stat()
        #expect(stat(file, &st) == 0 && st.st_mode & 0o777 == 0o644)

        // A failing run (the same accounts, wrong secrets): a failure counted, the counters kept, and the
        // run record keeps the last success's counts.
        let bad = sim.directory.file("bad")
        try FileManager.default.createDirectory(atPath: bad, withIntermediateDirectories: false)
        let badAuth = bad + "/haloEvents.auth"
        try sim.accounts.map { "\($0.keyID)|wrong\($0.keyID)" }.joined(separator: "\n").write(toFile: badAuth, atomically: true, encoding: .utf8)
        chmod(badAuth, 0o600)
        let failingArguments = arguments.map { $0.hasPrefix("--auth=") ? "--auth=\(badAuth)" : $0 }
        #expect(try HaloEventsProcess.run(failingArguments, timeout: 120).status == ExitStatus.accountsFailed.rawValue)
        let failed = try PrometheusText(String(contentsOfFile: file, encoding: .utf8))
        #expect(failed.value("halo_events_run_exit_status") == 1)
        let status = try HaloEventsProcess.run(["status", "--json"] + failingArguments, timeout: 60)
        #expect(status.status == ExitStatus.unhealthy.rawValue)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let accounts = try #require(object["accounts"] as? [[String: Any]])
        for (index, keyID) in keys.enumerated() {
            let label = ["key_id": keyID]
            #expect(failed.value("halo_events_failures_total", label) == 1)
            #expect(failed.value("halo_events_run_success", label) == 0)
            #expect(failed.value("halo_events_delivered_events_total", label) == 400)
            #expect((accounts[index]["last_run"] as? [String: Any])?["result"] as? String == "failed")
            #expect((accounts[index]["last_success"] as? [String: Any])?["delivered"] as? Int == 0, "the last success is the second run")
            #expect(accounts[index]["delivered_last_day"] as? Int == 400)
        }
        #expect(!FileManager.default.fileExists(atPath: file + ".tmp"))
    }

    @Test("the metrics parser of these tests refuses what the format forbids")
    func metricsParser() throws {
        let good = try PrometheusText("# HELP a_total x\n# TYPE a_total counter\na_total{k=\"q\\\"\\\\\\n\"} 3\n")
        #expect(good.value("a_total", ["k": "q\"\\\n"]) == 3)
        for bad in ["a 1", "1a 1\n", "a{k=\"x} 1\n", "a{k=\"\\t\"} 1\n", "a one\n", "a 1\n# TYPE a gauge\n"] {
            #expect(throws: PrometheusText.FormatError.self) { try PrometheusText(bad) }
        }
    }

    @Test("--starting with a checkpoint says once that it is ignored and how to rewind; taking over the original connector's checkpoint says so once")
    func startingNotices() throws {
        let sim = try SimulatorProcess(accounts: 2, events: 200)
        defer { sim.stop() }
        let truth = try sim.truth(account: 0)
        let keys = sim.accounts.map(\.keyID)
        // The original connector's timestamp file beside its auth file: haloEvents.config.
        try FileManager.default.createDirectory(atPath: sim.configDirectory, withIntermediateDirectories: true)
        let taken = try #require(truth[100].createdAt)
        try "\(keys[0])|\(taken.iso8601(fractionDigits: 0))\n".write(
            toFile: sim.configDirectory + "/haloEvents.config", atomically: true, encoding: .utf8)
        let base = sim.arguments(output: sim.outputFile)
        let first = try HaloEventsProcess.run(base, timeout: 120)
        #expect(first.status == 0, "\(first.stderr)")
        let takeover = first.stderr.split(separator: "\n").filter { $0.contains("taking over the original connector's checkpoint") }
        #expect(takeover.count == 1 && takeover[0].contains("key \(keys[0])"), "\(first.stderr)")
        #expect(!first.stderr.contains("is ignored"))

        let starting = try #require(truth[0].createdAt).iso8601(fractionDigits: 0)
        for _ in 0..<2 {
            let again = try HaloEventsProcess.run(base + ["--starting=\(starting)"], timeout: 120)
            #expect(again.status == 0, "\(again.stderr)")
            let ignored = again.stderr.split(separator: "\n").filter { $0.contains("is ignored") }
            #expect(ignored.count == 1, "\(again.stderr)")
            #expect(ignored.first?.contains("keys \(keys[0]), \(keys[1]) resume from their checkpoints") == true)
            #expect(ignored.first?.contains("halo-events checkpoint rewind 2h") == true)
            #expect(!again.stderr.contains("taking over"), "said once")
        }
    }

    /// `text` with key ids, times, ages and `directory` replaced, and runs of blanks made one.
    private func normalized(_ text: String, keys: [String], directory: String) -> String {
        var text = text.replacing(directory, with: "DIR")
        for (index, key) in keys.enumerated() { text = text.replacing(key, with: "KEY\(index + 1)") }
        return text.replacing(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/, with: "TIME")
            .replacing(/\b\d+[smhd]( \d+[smhd])?\b/, with: "AGE")
            .replacing(/\ {2,}/, with: " ")
    }
}
