import Foundation
import HaloModel
import HaloSIDMap
import HaloSimulator
import Testing
import TestSupport

/// The real `halo-sim` executable, as tests and users run it.
@Suite("halo-sim executable")
struct ExecutableTests {
    /// Starts `halo-sim --port 0 <arguments>` and waits for its URL line.
    static func start(_ arguments: [String]) throws -> (process: RunningProcess, baseURL: String) {
        let process = try RunningProcess(TestPaths.executable("halo-sim"), ["--port", "0"] + arguments)
        guard let line = process.firstLine(within: 120), line.hasPrefix("http://127.0.0.1:") else {
            process.stop()
            throw SimClientError(description: "halo-sim printed no URL: \(process.stderr)")
        }
        return (process, line)
    }

    @Test("prints its URL first, writes the auth file (0600) and the truth, serves it, and stops on SIGTERM")
    func runAndStop() async throws {
        let directory = try TemporaryDirectory("halo-sim")
        let auth = directory.file("halo.auth"), truth = directory.file("truth.jsonl")
        let (process, baseURL) = try Self.start([
            "--accounts", "3", "--events", "250", "--seed", "5", "--now", "2024-05-01T12:00:00Z",
            "--auth-file", auth, "--truth", truth, "--no-late",
        ])
        let mode = try FileManager.default.attributesOfItem(atPath: auth)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let keys = try String(contentsOfFile: auth, encoding: .utf8).split(separator: "\n").map { $0.split(separator: "|").map(String.init) }
        #expect(keys.count == 3 && keys.allSatisfy { $0.count == 2 && $0[0].count == 8 && $0[1].count == 32 })

        let lines = try String(contentsOfFile: truth, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 750)
        let truthByAccount = try Dictionary(grouping: lines.map { line -> (String, HaloEvent) in
            let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let event = try JSONDecoder().decode(HaloEvent.self, from: JSONSerialization.data(withJSONObject: object["event"]!))
            return (try #require(object["account"] as? String), event)
        }, by: \.0).mapValues { $0.map(\.1) }
        #expect(Set(truthByAccount.keys) == Set(keys.map { $0[0] }))

        let client = SimClient(baseURL)
        for key in keys {
            let token = try await client.token(keyID: key[0], secret: key[1])
            var served: [HaloEvent] = []
            for page in 1...3 { served += try await client.events("per_page=100&page=\(page)", token: token).page().events }
            #expect(served == truthByAccount[key[0]])
        }
        #expect(try await client.stats().tokensIssued == 3)

        process.send(SIGTERM)
        let result = try process.wait(timeout: 30)
        #expect(result.status == 0 && !result.signaled)
        #expect(result.stdout == baseURL + "\n")
    }

    @Test("SIGINT stops it cleanly too")
    func sigint() throws {
        let (process, _) = try Self.start(["--events", "10"])
        process.send(SIGINT)
        let result = try process.wait(timeout: 30)
        #expect(result.status == 0 && !result.signaled)
    }

    @Test("--help documents every option")
    func help() throws {
        let result = try runProcess(TestPaths.executable("halo-sim"), ["--help"], timeout: 60)
        #expect(result.status == 0)
        for option in [
            "--port", "--accounts", "--events", "--seed", "--now", "--span", "--token-lifetime", "--latency",
            "--rate-limit", "--rate-window", "--adversarial-share", "--burst-every", "--burst-size", "--no-bursts",
            "--late-every", "--late-window", "--late-delay", "--late-waves", "--no-late", "--old-style-share",
            "--fault", "--retry-after", "--slow-delay", "--catalogue", "--auth-file", "--truth",
        ] {
            #expect(result.stdout.contains(option), "\(option) is not in --help")
        }
        #expect(result.stdout.contains("KIND@WHEN") && result.stdout.contains("SIGTERM"))
    }

    @Test("bad options exit 64 and say what is wrong", arguments: [
        ["--fault", "teapot@1"], ["--fault", "500"], ["--burst-size", "big"], ["--now", "yesterday"],
        ["--adversarial-share", "2"], ["--accounts", "0"], ["--span", "forever"],
    ])
    func badOptions(_ arguments: [String]) throws {
        let result = try runProcess(TestPaths.executable("halo-sim"), arguments, timeout: 60)
        #expect(result.status == 64)
        #expect(!result.stderr.isEmpty)
        #expect(result.stdout.isEmpty)
    }

    @Test("an unwritable truth path exits 1 with the path named")
    func unwritableTruth() throws {
        let result = try runProcess(TestPaths.executable("halo-sim"), ["--truth", "/nonexistent/dir/truth.jsonl"], timeout: 60)
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/dir/truth.jsonl"))
    }

    @Test("with the SID seed catalogue every seed type occurs, plus types the seed does not know, and legacy names")
    func seedCatalogue() throws {
        let directory = try TemporaryDirectory("halo-sim")
        let truth = directory.file("truth.jsonl")
        let (process, _) = try Self.start(["--events", "1000", "--old-style-share", "0.4", "--truth", truth])
        process.stop()
        let events = try String(contentsOfFile: truth, encoding: .utf8).split(separator: "\n").map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["event"] as? [String: Any]
        }
        let types = Set(events.compactMap { $0?["type"] as? String })
        let seed = SIDSeed.builtIn
        let seedTypes = Set(seed.eventTypes.map(\.type))
        #expect(seedTypes.isSubset(of: types))
        let unknown = types.subtracting(seedTypes)
        #expect(!unknown.isEmpty && unknown.allSatisfy { seed.entry(type: $0) == nil })
        let legacy = Set(events.filter { $0?["type"] == nil }.compactMap { $0?["name"] as? String })
        #expect(!legacy.isEmpty && legacy.allSatisfy { seed.entry(legacyName: $0) != nil })
    }

    @Test("the same seed and --now give byte-identical truth files and pages")
    func determinism() async throws {
        let directory = try TemporaryDirectory("halo-sim")
        var pages: [String] = []
        var truths: [Data] = []
        for run in 0..<2 {
            let truth = directory.file("truth\(run).jsonl"), auth = directory.file("auth\(run)")
            let (process, baseURL) = try Self.start([
                "--events", "600", "--seed", "77", "--now", "2024-05-01T12:00:00Z", "--adversarial-share", "0.3",
                "--truth", truth, "--auth-file", auth,
            ])
            let key = try String(contentsOfFile: auth, encoding: .utf8).split(separator: "\n")[0].split(separator: "|")
            let client = SimClient(baseURL)
            let token = try await client.token(keyID: String(key[0]), secret: String(key[1]))
            var text = ""
            for page in 1...6 { text += try await client.events("per_page=100&page=\(page)", token: token).text }
            pages.append(text.replacingOccurrences(of: baseURL, with: "BASE"))
            truths.append(try Data(contentsOf: URL(fileURLWithPath: truth)))
            process.stop()
        }
        #expect(pages[0] == pages[1])
        #expect(truths[0] == truths[1])
        #expect(truths[0].count > 100_000)
    }

    @Test("fault flags inject faults; late arrivals appear after --late-delay of real time")
    func faultsAndLateArrivalsFromTheCommandLine() async throws {
        let directory = try TemporaryDirectory("halo-sim")
        let auth = directory.file("auth"), truth = directory.file("truth.jsonl")
        let (process, baseURL) = try Self.start([
            "--events", "2000", "--span", "1h", "--late-every", "5", "--late-window", "10m", "--late-delay", "8s",
            "--late-waves", "1", "--fault", "503@2", "--fault", "429@3", "--retry-after", "4", "--auth-file", auth, "--truth", truth,
        ])
        defer { process.stop() }
        let key = try String(contentsOfFile: auth, encoding: .utf8).split(separator: "\n")[0].split(separator: "|")
        let client = SimClient(baseURL)
        let token = try await client.token(keyID: String(key[0]), secret: String(key[1]))
        let before = try await client.events("per_page=1", token: token).page().count ?? 0
        #expect(try await client.events("", token: token).status == 503)
        let limited = try await client.events("", token: token)
        #expect(limited.status == 429 && limited.headers.first(name: "Retry-After") == "4")
        let total = try String(contentsOfFile: truth, encoding: .utf8).split(separator: "\n").count
        #expect(before < total)
        var after = before
        for _ in 0..<300 where after < total {
            try await Task.sleep(for: .milliseconds(100))
            after = try await client.events("per_page=1", token: token).page().count ?? 0
        }
        #expect(after == total)
        let stats = try await client.stats()
        #expect(stats.faultsInjected == ["http_503": 1, "http_429": 1])
    }
}
