import Foundation
import HaloConnector
import HaloEventsCommand
import HaloTesting
import Testing

/// The `halo-events` executable: flags, exit statuses, standard output and error.
@Suite("halo-events command line") struct CommandLineTests {
    @Test("a bad flag or value exits 64 and names it", arguments: [
        (["--threads=0"], "--threads must be between 1 and 16"),
        (["--threads=many"], "--threads"),
        (["--starting=yesterday"], "--starting=yesterday is not an ISO-8601"),
        (["--starting=2999-01-01"], "is in the future"),
        (["--url=http://api.cloudpassage.com"], "only to a loopback host"),
        (["--url=ftp://127.0.0.1"], "the scheme must be https"),
        (["--port=70000"], "out of range"),
        (["--lookback=soon"], "--lookback=soon"),
        (["--lookback=30d"], "--lookback=30d"),
        (["--batchsize=0"], "--batchsize must be between"),
        (["--limit=0"], "--limit must be at least 1"),
        (["--retries=99"], "--retries must be between"),
        (["--jsonfile=/tmp/a", "--cef"], "choose one output; got --jsonfile and --cef"),
        (["--ceffile="], "Missing value for '--ceffile"),
        (["--ceffile", ""], "--ceffile needs a file name"),
        (["--proxy=nohost"], "--proxy"),
        (["--cefsyslog", "--syslog-max-size=100"], "--syslog-max-size=100: at least 480 bytes"),
        (["--cefsyslog", "--syslog-server=127.0.0.1:514", "--syslog-proto=udp", "--syslog-max-size=70000"], "a UDP datagram carries at most 65507 bytes"),
        (["--ceffile=/tmp/x.cef", "--syslog-max-size=9000"], "--syslog-max-size applies only to a syslog output"),
        (["--url=http://127.0.0.1:8080", "--proxy=proxy.example.com:3128"], "plain http:// may not leave this host"),
        (["--auth", ""], "--auth needs a file name"),
        (["--bogus"], "--bogus"),
    ])
    func usageErrors(_ arguments: [String], _ expected: String) throws {
        let result = try HaloEventsProcess.run(arguments, timeout: 30)
        #expect(result.status == ExitStatus.usage.rawValue, "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("as the original ran: haloEvents.auth and the checkpoints beside the executable, --port over --url, -v progress")
    func besideTheExecutable() throws {
        let sim = try SimulatorProcess(events: 2_500, extra: ["--latency", "2ms"])
        defer { sim.stop() }
        let bin = sim.directory.file("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: false)
        let executable = bin + "/halo-events"
        try FileManager.default.copyItem(atPath: HaloEventsProcess.path, toPath: executable)
        let auth = bin + "/haloEvents.auth"
        try FileManager.default.copyItem(atPath: sim.authFile, toPath: auth)
        chmod(auth, 0o644)
        let keyID = sim.accounts[0].keyID
        let port = try #require(URLComponents(string: sim.baseURL)?.port)

        // No --auth, no --configdir; a --url without the port, and --port giving it; -v.
        let first = try RunningProcess(executable, ["--url=http://127.0.0.1", "--port=\(port)", "--lookback=90s", "-v"]).wait()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try DeliveredEvents(lines: lines(of: first.stdout)).events.compactMap(\.id) == sim.truthIDs(account: 0))
        let said = StampedLines.lines(of: first.stderr)
        #expect(said.first?.contains("warning: auth file \(auth) is open to group or others (mode 644)") == true, "\(said)")
        let progress = said.filter { $0.wholeMatch(of: /halo-events: key \w+: \d+ pages, \d+ new events, \d+ repeats, \d+ events\/s(; \d+ of about \d+ read(, about .+ left)?)?/) != nil }
        #expect(!progress.isEmpty, "-v reports progress: \(said)")
        #expect(said.last?.hasPrefix("halo-events: key \(keyID): ok, 2500 events delivered") == true, "\(said)")
        #expect(said.count == 2 + progress.count, "a warning, progress, the summary; nothing else: \(said)")
        #expect(FileManager.default.fileExists(atPath: CheckpointStore(directory: bin, authFile: auth).path(for: keyID)))

        // Readable by root only, not verbose: only the summary; every --lookback form is accepted.
        chmod(auth, 0o600)
        for lookback in ["300", "2m", "1h", "45s"] {
            let again = try RunningProcess(executable, ["--url=\(sim.baseURL)", "--lookback=\(lookback)"]).wait()
            #expect(again.status == 0, "--lookback=\(lookback): \(again.stderr)")
            #expect(again.stdout.isEmpty, "nothing new")
            let summary = StampedLines.lines(of: again.stderr)
            #expect(summary.count == 1 && summary[0].hasPrefix("halo-events: key \(keyID): ok, 0 events delivered"), "\(summary)")
        }
    }

    private func lines(of text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test("-h, --help and -? print the usage with the exit statuses, and exit 0", arguments: ["-h", "--help", "-?"])
    func help(_ flag: String) throws {
        let result = try HaloEventsProcess.run([flag], timeout: 30)
        #expect(result.status == 0)
        let text = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("--configdir") && text.contains("75 another run holds the lock"), "\(text)")
    }

    @Test("configuration problems exit 78 before anything runs, with what to do")
    func configurationErrors() throws {
        let sim = try SimulatorProcess(events: 50)
        defer { sim.stop() }
        do {
            let dir = sim.directory
            let secret = sim.accounts[0].secret
            let base = sim.arguments(output: dir.file("out.json"))
            try "x".write(toFile: dir.file("plain-file"), atomically: true, encoding: .utf8)
            try "k1|\(secret)|oops\n".write(toFile: dir.file("bad.auth"), atomically: true, encoding: .utf8)
            let cases: [([String], String)] = [
                (["--auth=\(dir.file("missing.auth"))"], "cannot read auth file"),
                (["--auth=\(dir.file("bad.auth"))"], "line 1: expected `key_id|secret`, found 3 fields"),
                (["--configdir=\(dir.file("plain-file"))"], "is not a directory"),
                (["--configdir=\(dir.file("no/such/dir"))"], "cannot create config directory"),
                (["--jsonfile=\(dir.file("no-such-dir/out.json"))"], "cannot create"),
                (["--cacert=\(dir.file("missing.pem"))"], "--cacert"),
                (["--cacert=\(dir.file("plain-file"))"], "--cacert"),
                (["--sidmap=\(dir.file("missing.sqlite"))"], "cannot use --sidmap"),
            ]
            for (extra, expected) in cases {
                let result = try HaloEventsProcess.run(base + extra, timeout: 60)
                #expect(result.status == ExitStatus.configuration.rawValue, "\(extra): \(result.stderr)")
                #expect(result.stderr.contains(expected), "\(extra): \(result.stderr)")
                #expect(!result.stderr.contains(secret))
                #expect(!FileManager.default.fileExists(atPath: dir.file("out.json")), "\(extra): nothing written")
            }
        }
    }

    @Test("default output: one JSON object per line on stdout; stderr holds only the summary line")
    func jsonLinesOnStdout() throws {
        let sim = try SimulatorProcess(events: 1_200)
        defer { sim.stop() }
        do {
            let result = try HaloEventsProcess.run(sim.arguments(output: nil))
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            let delivered = try DeliveredEvents(lines: lines)
            let truth = try sim.truth(account: 0)
            #expect(delivered.events.map(\.id) == truth.map(\.id))
            #expect(delivered.events == truth, "every event as received")
            let stderr = StampedLines.lines(of: result.stderr)
            #expect(stderr.count == 1 && stderr[0].hasPrefix("halo-events: key \(sim.accounts[0].keyID): ok, 1200 events delivered"))
            // --quiet: nothing at all on stderr when all is well.
            let quiet = try HaloEventsProcess.run(sim.arguments(output: nil) + ["--quiet"])
            #expect(quiet.status == 0 && quiet.stderr.isEmpty && quiet.stdout.isEmpty)
        }
    }

    @Test("--jsonfile appends to what is there, and creates a new file with mode 0640")
    func jsonFileAppends() throws {
        let sim = try SimulatorProcess(events: 300)
        defer { sim.stop() }
        do {
            let fresh = sim.directory.file("fresh.json")
            let old = sim.directory.file("old.json")
            try "{\"earlier\":true}\n".write(toFile: old, atomically: true, encoding: .utf8)
            chmod(old, 0o600)

            let first = try HaloEventsProcess.run(sim.arguments(output: fresh))
            #expect(first.status == 0)
            var st = stat()
            #expect(stat(fresh, &st) == 0 && st.st_mode & 0o777 == 0o640)

            let second = try HaloEventsProcess.run(sim.arguments(output: old, configDirectory: sim.directory.file("state2")))
            #expect(second.status == 0)
            let lines = try OutputFile.lines(of: old)
            #expect(lines.first == "{\"earlier\":true}" && lines.count == 301)
            #expect(stat(old, &st) == 0 && st.st_mode & 0o777 == 0o600, "an existing file keeps its mode")
            #expect(try DeliveredEvents(lines: Array(lines.dropFirst())).events.compactMap(\.id) == sim.truthIDs(account: 0))
        }
    }
}
