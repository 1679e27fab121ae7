import Foundation
import HaloModel
import HaloSIDMap
import HaloSimulator
import HaloTesting
import NIOCore
import Testing

/// The real `halo-sim` executable, as tests and users run it.
@Suite("halo-sim executable")
struct HaloSimExecutableTests {
    /// The ids of every event the account of `token` serves now, read in pages of 100 from the start.
    static func servedIDs(_ client: SimClient, token: String) async throws -> [String] {
        var ids: [String] = []
        for page in 1...100 {
            let reply = try await client.events("per_page=100&page=\(page)", token: token).page()
            ids += reply.events.compactMap(\.id)
            if reply.next == nil { break }
        }
        return ids
    }

    @Test("prints its URL first, writes the auth file (0600) and the truth, serves it, and stops on SIGTERM")
    func runAndStop() async throws {
        let directory = try TemporaryDirectory("halo-sim")
        let auth = directory.file("halo.auth"), truth = directory.file("truth.jsonl")
        let (process, baseURL) = try SimulatorProcess.launch([
            "--accounts", "3", "--events", "250", "--seed", "5", "--now", "2024-05-01T12:00:00Z",
            "--auth-file", auth, "--truth", truth, "--no-late",
        ])
        let mode = try FileManager.default.attributesOfItem(atPath: auth)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let keys = try String(contentsOfFile: auth, encoding: .utf8).split(separator: "\n").map { $0.split(separator: "|").map(String.init) }
        #expect(keys.count == 3 && keys.allSatisfy { $0.count == 2 && $0[0].count == 8 && $0[1].count == 32 })

        let log = try TruthLog(path: truth)
        #expect(log.events.count == 750)
        let truthByAccount = Dictionary(grouping: log.events, by: \.account).mapValues { $0.map(\.event) }
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
        let (process, _) = try SimulatorProcess.launch(["--events", "10"])
        process.send(SIGINT)
        let result = try process.wait(timeout: 30)
        #expect(result.status == 0 && !result.signaled)
    }

    @Test("--help documents every option and fault kind, and they are the options and fault kinds of docs/halo-sim.md")
    func help() throws {
        let result = try runProcess(SimulatorProcess.path, ["--help"], timeout: 60)
        #expect(result.status == 0)
        // `  --port <port>   TCP port…` and `  -h, --help   Show help…` in the OPTIONS section.
        let optionsSection = try #require(result.stdout.range(of: "\nOPTIONS:\n"))
        let helpOptions = Set(result.stdout[optionsSection.upperBound...].split(separator: "\n").compactMap { line in
            line.firstMatch(of: /^  (?:-[a-z], )?(--[a-z][a-z0-9-]*)/).map { String($0.1) }
        })
        #expect(helpOptions.count > 20)

        let doc = try String(contentsOf: TestPaths.repoRoot.appendingPathComponent("docs/halo-sim.md"), encoding: .utf8)
        let docOptions = Set(Self.section("### Options", of: doc).split(separator: "\n").filter { $0.hasPrefix("| `") }.flatMap { row in
            row.split(separator: "|")[0].matches(of: /`(--[a-z][a-z0-9-]*)/).map { String($0.1) }
        })
        #expect(docOptions == helpOptions.subtracting(["--help"]), "options of --help and of docs/halo-sim.md differ")

        let docFaults = Set(Self.section("### Faults", of: doc).split(separator: "\n").filter { $0.hasPrefix("| `") }.flatMap { row in
            row.split(separator: "|")[0].matches(of: /`([^`]+)`/).map { String($0.1) }
        })
        #expect(docFaults == Set(FaultRule.specKinds), "fault kinds of FaultRule.specKinds and of docs/halo-sim.md differ")
        let discussion = result.stdout[..<optionsSection.lowerBound].replacingOccurrences(of: "\n", with: " ")
        for kind in FaultRule.specKinds {
            #expect(discussion.contains(" \(kind)") && (discussion.contains("\(kind),") || discussion.contains("\(kind) (")),
                    "fault kind \(kind) is not in --help")
        }
        #expect(result.stdout.contains("KIND@WHEN") && result.stdout.contains("SIGTERM"))
    }

    /// The text of the markdown section that starts at `heading`, up to the next heading of its level.
    static func section(_ heading: String, of markdown: String) -> Substring {
        guard let start = markdown.range(of: heading + "\n") else { return "" }
        let rest = markdown[start.upperBound...]
        return rest[..<(rest.range(of: "\n### ")?.lowerBound ?? rest.endIndex)]
    }

    @Test("bad options exit 64 and say what is wrong", arguments: [
        ["--fault", "teapot@1"], ["--fault", "500"], ["--burst-size", "big"], ["--now", "yesterday"],
        ["--adversarial-share", "2"], ["--accounts", "0"], ["--span", "forever"], ["--max-page", "0"], ["--lateness", "20h"],
        ["--tie-order", "random"], ["--last-page", "blank"], ["--past-end", "410"], ["--retention", "0s"],
    ])
    func badOptions(_ arguments: [String]) throws {
        let result = try runProcess(SimulatorProcess.path, arguments, timeout: 60)
        #expect(result.status == 64)
        #expect(!result.stderr.isEmpty)
        #expect(result.stdout.isEmpty)
    }

    @Test("an unwritable truth path exits 1 with the path named")
    func unwritableTruth() throws {
        let result = try runProcess(SimulatorProcess.path, ["--truth", "/nonexistent/dir/truth.jsonl"], timeout: 60)
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/dir/truth.jsonl"))
    }

    @Test("with the SID seed catalogue every seed type occurs, plus types the seed does not know, and legacy names")
    func seedCatalogue() throws {
        let directory = try TemporaryDirectory("halo-sim")
        let truth = directory.file("truth.jsonl")
        let (process, _) = try SimulatorProcess.launch(["--events", "1000", "--old-style-share", "0.4", "--truth", truth])
        process.stop()
        let events = try TruthLog(path: truth).events
        let types = Set(events.compactMap { $0.string("type") })
        let seed = SIDSeed.builtIn
        let seedTypes = Set(seed.eventTypes.map(\.type))
        #expect(seedTypes.isSubset(of: types))
        let unknown = types.subtracting(seedTypes)
        #expect(!unknown.isEmpty && unknown.allSatisfy { seed.entry(type: $0) == nil })
        let legacy = Set(events.filter { $0.event.fields["type"] == nil }.compactMap { $0.string("name") })
        #expect(!legacy.isEmpty && legacy.allSatisfy { seed.entry(legacyName: $0) != nil })
    }

    @Test("the same seed and --now give byte-identical truth files and pages")
    func determinism() async throws {
        let directory = try TemporaryDirectory("halo-sim")
        var pages: [String] = []
        var truths: [Data] = []
        for run in 0..<2 {
            let truth = directory.file("truth\(run).jsonl"), auth = directory.file("auth\(run)")
            let (process, baseURL) = try SimulatorProcess.launch([
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

    @Test("fault flags inject faults, reset included; late arrivals appear after --late-delay of real time, as in the truth")
    func faultsAndLateArrivalsFromTheCommandLine() async throws {
        let directory = try TemporaryDirectory("halo-sim")
        let auth = directory.file("auth"), truth = directory.file("truth.jsonl")
        let (process, baseURL) = try SimulatorProcess.launch([
            "--accounts", "2", "--events", "2000", "--span", "1h", "--late-every", "5", "--late-window", "10m", "--late-delay", "8s",
            "--late-waves", "1", "--fault", "503@2", "--fault", "429@3", "--fault", "reset@4", "--retry-after", "4",
            "--auth-file", auth, "--truth", truth,
        ])
        defer { process.stop() }
        let keys = try SimulatorProcess.accounts(inAuthFile: auth)
        let truthIDs = try TruthLog(path: truth).idsByAccount
        #expect(keys.count == 2 && Set(truthIDs.keys) == Set(keys.map(\.keyID)))
        let client = SimClient(baseURL)
        var tokens: [String] = []
        for key in keys { tokens.append(try await client.token(keyID: key.keyID, secret: key.secret)) }
        let before = try await client.events("per_page=1", token: tokens[0]).page().count ?? 0
        #expect(try await client.events("", token: tokens[0]).status == 503)
        let limited = try await client.events("", token: tokens[0])
        #expect(limited.status == 429 && limited.headers.first(name: "Retry-After") == "4")
        let reset = await #expect(throws: IOError.self) { _ = try await client.eventsResponse("", token: tokens[0]) }
        #expect(reset?.errnoCode == ECONNRESET)
        #expect(try await client.stats().faultsInjected == ["http_503": 1, "http_429": 1, "connection_reset": 1])

        let total = try #require(truthIDs[keys[0].keyID]).count
        #expect(before < total)
        var after = before
        for _ in 0..<300 where after < total {
            try await Task.sleep(for: .milliseconds(100))
            after = try await client.events("per_page=1", token: tokens[0]).page().count ?? 0
        }
        #expect(after == total)
        // Now that the late events are visible, each account serves exactly the ids of its truth.
        for (key, token) in zip(keys, tokens) {
            let served = try await Self.servedIDs(client, token: token)
            #expect(served == truthIDs[key.keyID], "account \(key.keyID) serves other ids than its truth")
        }
    }

    @Test("the API variant flags take effect over HTTP: tie order, page depth and size, last page, past the end, gzip, retention, live")
    func apiVariantsFromTheCommandLine() async throws {
        let directory = try TemporaryDirectory("halo-sim")
        let auth = directory.file("auth")
        let (process, baseURL) = try SimulatorProcess.launch([
            "--events", "3000", "--now", "2024-05-01T12:00:00Z", "--span", "1h", "--no-late", "--burst-every", "500",
            "--burst-size", "200-250", "--tie-order", "shuffled", "--max-page", "5", "--max-per-page", "500",
            "--last-page", "empty-string", "--past-end", "404", "--gzip", "--retention", "90d", "--extra-fields-share", "1",
            "--auth-file", auth,
        ])
        defer { process.stop() }
        let key = try #require(try SimulatorProcess.accounts(inAuthFile: auth).first)
        let client = SimClient(baseURL)
        let token = try await client.token(keyID: key.keyID, secret: key.secret)
        // HTTPClient.shared asks for gzip and decompresses.
        let first = try await client.events("per_page=500", token: token)
        #expect(first.headers.first(name: "Content-Encoding") == "gzip")
        let page = try first.page()
        #expect(page.events.count == 500 && page.count == 3000)
        #expect(page.events.contains { $0.fields["ec2_region"] != nil })
        #expect(try await client.events("per_page=501", token: token).status == 422)
        #expect(try await client.events("per_page=500&page=6", token: token).status == 422)
        // From 11:40: 750 to 1000 events (a burst may start before), so page 2 is the last and page 3 past the end.
        let end = try await client.events("per_page=500&page=2&since=2024-05-01T11:40:00Z", token: token)
        let pagination = try #require(try end.object()["pagination"] as? [String: Any])
        #expect(pagination["next"] as? String == "", "the last page says next \"\"")
        #expect(try await client.events("per_page=500&page=3&since=2024-05-01T11:40:00Z", token: token).status == 404)
        #expect(try await client.events("since=2024-01-01T00:00:00Z", token: token).status == 422)
        // The first page holds the first burst whole: read twice, it comes in two orders.
        let again = try await client.events("per_page=500", token: token).page()
        #expect(Set(page.events.compactMap(\.id)) == Set(again.events.compactMap(\.id)))
        #expect(page.events.compactMap(\.id) != again.events.compactMap(\.id))

        // --live: the service's time starts at the span's start, with nothing created yet but the first events.
        let live = try SimulatorProcess.launch(["--events", "3000", "--now", "2024-05-01T12:00:00Z", "--live", "--lateness", "1m-20h",
                                                "--late-window", "1h", "--auth-file", directory.file("live.auth")])
        defer { live.process.stop() }
        let liveKey = try #require(try SimulatorProcess.accounts(inAuthFile: directory.file("live.auth")).first)
        let liveClient = SimClient(live.baseURL)
        let liveToken = try await liveClient.token(keyID: liveKey.keyID, secret: liveKey.secret)
        #expect(try await liveClient.events("per_page=1", token: liveToken).page().count ?? 3000 < 10)
    }

    @Test("--rate-limit, --latency and --token-lifetime take effect over HTTP")
    func rateLimitLatencyAndTokenLifetimeFromTheCommandLine() async throws {
        let directory = try TemporaryDirectory("halo-sim")
        let auth = directory.file("auth")
        let latency = Duration.milliseconds(200), lifetime = Duration.seconds(3)
        let (process, baseURL) = try SimulatorProcess.launch([
            "--events", "50", "--rate-limit", "2", "--rate-window", "1m", "--latency", "200ms", "--token-lifetime", "3s",
            "--auth-file", auth,
        ])
        defer { process.stop() }
        let key = try #require(try SimulatorProcess.accounts(inAuthFile: auth).first)
        let client = SimClient(baseURL)
        let clock = ContinuousClock()
        var start = clock.now
        let tokenReply = try await client.tokenReply(keyID: key.keyID, secret: key.secret)
        // The token was issued when its request arrived, so it has expired `lifetime` after `issued`.
        let issued = clock.now
        #expect(issued - start >= latency)
        #expect(try tokenReply.object()["expires_in"] as? Int == 3)
        let token = try #require(try tokenReply.object()["access_token"] as? String)

        var replies: [Reply] = []
        for _ in 0..<3 {
            start = clock.now
            replies.append(try await client.events("per_page=5", token: token))
            #expect(clock.now - start >= latency)
        }
        #expect(replies.map(\.status) == [200, 200, 429])
        let retryAfter = try #require(replies[2].headers.first(name: "Retry-After").flatMap { Int($0) })
        #expect((1...60).contains(retryAfter))
        let stats = try await client.stats()
        #expect(stats.faultsInjected == [FaultKind.rateLimitStatsName: 1])
        #expect(stats.requestsByStatus == [200: 3, 429: 1])

        // Valid for the requests above (the last passed the token check to be rate-limited); expired after its lifetime.
        try await Task.sleep(until: issued + lifetime, clock: clock)
        let expired = try await client.events("per_page=5", token: token)
        #expect(expired.status == 401 && expired.text.contains("expired"))
    }
}
