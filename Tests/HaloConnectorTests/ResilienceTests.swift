import Foundation
import HaloPlatform
import HaloAPI
import HaloConnector
import HaloEventsCommand
import HaloModel
import HaloSimulator
import HaloTesting
import Testing

/// Tokens renewed without losing the run; every fault the API can throw retried; and when retrying is
/// not enough, the account fails cleanly while the others go on.
@Suite("Tokens, faults and failures", .serialized) struct ResilienceTests {
    @Test("a token that expires mid-run (the API answers 401) is renewed and the run goes on")
    func tokenExpiresMidRun() async throws {
        var simulator = ConnectorFixture.simulator(events: 5_000)
        simulator.clock = .manual()
        simulator.latency = .milliseconds(2)
        let clock = simulator.clock
        try await ConnectorFixture.with(simulator) { fixture in
            // Once a good part of the events has been served, jump the emulator's clock past the token's life.
            let sim = fixture.sim
            let expirer = Task {
                var polls = 0
                while sim.stats.eventsServed < 1_500, polls < 5_000 {
                    try await Task.sleep(for: .milliseconds(2))
                    polls += 1
                }
                clock.advance(by: .seconds(1_000))
            }
            let run = await fixture.run { $0.configuration.threads = 1 }
            try await expirer.value
            #expect(run.status == .success, "\(run.diagnostics)")
            #expect(fixture.sim.stats.requestsByStatus[401] ?? 0 >= 1, "the old token was refused")
            #expect(fixture.sim.stats.tokensIssued >= 2)
            #expect(run.report.accounts[0].requests.tokensFetched >= 2)
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            #expect(delivered.events.map(\.id) == fixture.truth().map(\.id))
        }
    }

    @Test("a token is renewed before it expires (expires_in), without waiting for a 401")
    func tokenRenewedAhead() async throws {
        var simulator = ConnectorFixture.simulator(events: 1_500)
        // The emulator's clock stands still, so only the connector's own reading of expires_in renews.
        simulator.clock = .manual()
        simulator.tokenLifetime = .seconds(1)   // expires_in 1: renewed 0.1 s ahead, i.e. after 0.9 s
        simulator.latency = .milliseconds(150)  // 15 pages one after the other: about 2.3 s
        try await ConnectorFixture.with(simulator) { fixture in
            let run = await fixture.run { $0.configuration.threads = 1 }
            #expect(run.status == .success, "\(run.diagnostics)")
            #expect(fixture.sim.stats.requestsByStatus[401] == nil)
            #expect(run.report.accounts[0].requests.tokensFetched >= 2)
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            #expect(delivered.events.count == 1_500 && delivered.repeated.isEmpty)
        }
    }

    @Test("each fault the API can throw is retried and nothing is lost or repeated", arguments: [
        "429@2", "500@2,3", "502@2", "503@3", "504@2", "slow@2", "close@2,5", "reset@2,4", "truncate@3", "invalid-json@2", "revoke@3",
    ])
    func faultIsRetried(_ spec: String) async throws {
        var simulator = ConnectorFixture.simulator(events: 800)
        simulator.faults = [try FaultRule(spec: spec, retryAfter: 1, slowDelay: .seconds(4))]
        try await ConnectorFixture.with(simulator) { fixture in
            let began = ContinuousClock.now
            let run = await fixture.run {
                $0.configuration.threads = 2
                $0.api.retry.attemptTimeout = .milliseconds(1500)   // the slow answer (4 s) times out and is retried
            }
            #expect(run.status == .success, "\(run.diagnostics)")
            let stats = fixture.sim.stats
            #expect(stats.faultsInjected.values.reduce(0, +) >= 1, "the fault was injected: \(stats)")
            let summary = run.report.accounts[0]
            if spec.hasPrefix("revoke") {
                #expect(summary.requests.tokensFetched >= 2)
            } else {
                #expect(summary.requests.retries >= 1)
            }
            if spec.hasPrefix("429") { #expect(ContinuousClock.now - began >= .seconds(1), "Retry-After was honoured") }
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            #expect(delivered.events.map(\.id) == fixture.truth().map(\.id))
        }
    }

    @Test("three accounts, one with a wrong secret: it fails with a clear message, the others are delivered")
    func oneOfThreeAccountsFails() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(accounts: 3, events: 600)) { fixture in
            let accounts = fixture.sim.accounts
            let wrongSecret = String(accounts[1].secret.reversed())
            try fixture.writeAuthFile([accounts[0].authFileLine, "\(accounts[1].keyID)|\(wrongSecret)", accounts[2].authFileLine])

            let run = await fixture.run()
            #expect(run.status == .accountsFailed)
            #expect(run.status.rawValue == 1)
            let summaries = run.report.accounts
            #expect(summaries.map(\.succeeded) == [true, false, true])
            let failure = Sentences.of(try #require(summaries[1].failure))
            #expect(failure.contains("HTTP 401") && failure.contains("check the key id and the secret"))
            let line = try #require(run.diagnostics.first { $0.contains("key \(accounts[1].keyID): FAILED") })
            #expect(!line.contains(wrongSecret) && !run.diagnostics.joined().contains(accounts[1].secret))

            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            let expected = [0, 2].flatMap { fixture.truth(account: $0).map(\.id) }
            #expect(delivered.repeated.isEmpty && delivered.difference(from: expected).isEmpty)
            let store = CheckpointStore(directory: fixture.configDirectory, authFile: fixture.authFile)
            #expect(!FileManager.default.fileExists(atPath: store.path(for: accounts[1].keyID)))
        }
    }

    @Test("when retries run out the account fails, its checkpoint and the output stay as they were")
    func retriesExhausted() async throws {
        var simulator = ConnectorFixture.simulator(events: 900)
        let now = HaloTimestamp(iso8601: "2025-03-01T12:00:00Z")!
        simulator.now = now
        var failing = simulator
        failing.faults = [try FaultRule(spec: "503@p=1")]
        let failingSimulator = failing
        try await ConnectorFixture.with(simulator) { fixture in
            // The connector's clock is the emulator's (its events are older than Halo's 90 days before today).
            _ = await fixture.run {
                $0.configuration.limit = 300
                $0.configuration.now = { now }
            }
            let store = CheckpointStore(directory: fixture.configDirectory, authFile: fixture.authFile)
            let keyID = fixture.sim.accounts[0].keyID
            let checkpointBefore = try Data(contentsOf: URL(fileURLWithPath: store.path(for: keyID)))
            let outputBefore = try Data(contentsOf: URL(fileURLWithPath: fixture.outputFile))

            // The same events from an emulator whose every events request fails.
            let broken = try await HaloSimulator.start(failingSimulator)
            let run = await fixture.run {
                $0.configuration.now = { now }
                $0.api.endpoint = try! HaloEndpoint(url: broken.baseURL)
                $0.api.retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50), maxTotalTime: .seconds(120))
            }
            await broken.stop()
            #expect(run.status == .accountsFailed)
            let failure = Sentences.of(try #require(run.report.accounts[0].failure))
            #expect(failure.contains("after 3 attempts") && failure.contains("HTTP 503"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: store.path(for: keyID))) == checkpointBefore)
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.outputFile)) == outputBefore)

            // Back to the healthy API: the rest, exactly once.
            let healed = await fixture.run { $0.configuration.now = { now } }
            #expect(healed.status == .success)
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            #expect(delivered.events.map(\.id) == fixture.truth().map(\.id))
        }
    }

    @Test("a Retry-After longer than the retry time left fails the account at once")
    func retryAfterBeyondBudget() async throws {
        var simulator = ConnectorFixture.simulator(events: 300)
        simulator.faults = [try FaultRule(spec: "429@p=1", retryAfter: 30)]
        try await ConnectorFixture.with(simulator) { fixture in
            let began = ContinuousClock.now
            let run = await fixture.run { $0.api.retry = RetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(10), maxDelay: .milliseconds(100), maxTotalTime: .seconds(5)) }
            #expect(ContinuousClock.now - began < .seconds(5))
            #expect(run.status == .accountsFailed)
            let failure = Sentences.of(try #require(run.report.accounts[0].failure))
            #expect(failure.contains("asks to wait 30.0 s"), "\(failure)")
        }
    }

    @Test("the retry time bounds a request whose answers come too late, whatever the timeout of one attempt")
    func retryTimeBoundsSlowAnswers() async throws {
        var simulator = ConnectorFixture.simulator(events: 800)
        simulator.faults = [try FaultRule(spec: "slow@p=1", slowDelay: .seconds(8))]
        try await ConnectorFixture.with(simulator) { fixture in
            let began = ContinuousClock.now
            let run = await fixture.run {
                $0.api.retry = RetryPolicy(
                    maxAttempts: 6, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50), attemptTimeout: .seconds(60), maxTotalTime: .milliseconds(1500))
            }
            let took = ContinuousClock.now - began
            #expect(took < .seconds(6), "the account gave up after its 1.5 s of retry time, not after the 8 s answer (\(took))")
            #expect(run.status == .accountsFailed)
            let failure = Sentences.of(try #require(run.report.accounts[0].failure))
            #expect(failure.contains("retry time of 1.5 s used up") && failure.contains("in time"), "\(failure)")
            #expect(try fixture.outputLines().isEmpty)
        }
    }

    @Test("nothing listening at the API's address: retried, then the account fails saying it cannot be reached")
    func connectionRefused() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 10)) { fixture in
            let closed = try freeLoopbackPort(udp: false)
            let run = await fixture.run {
                $0.api.endpoint = try! HaloEndpoint(url: "http://127.0.0.1:\(closed)")
                $0.api.retry = RetryPolicy(
                    maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50), attemptTimeout: .seconds(1), maxTotalTime: .seconds(30))
            }
            #expect(run.status == .accountsFailed)
            let summary = run.report.accounts[0]
            let failure = Sentences.of(try #require(summary.failure))
            #expect(failure.contains("after 3 attempts") && failure.contains("cannot connect to 127.0.0.1:\(closed)"), "\(failure)")
            #expect(failure.contains("refused"), "the reason is named: \(failure)")
            #expect(summary.requests.retries == 2)
        }
    }

    @Test("https to a server that does not speak TLS fails at once with a TLS message, not retried")
    func tlsFailureIsFinal() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 10)) { fixture in
            let run = await fixture.run {
                $0.api.endpoint = try! HaloEndpoint(url: fixture.sim.baseURL.replacingOccurrences(of: "http://", with: "https://"))
            }
            #expect(run.status == .accountsFailed)
            let summary = run.report.accounts[0]
            let failure = summary.failure.map(Sentences.of) ?? ""
            #expect(failure.contains("TLS"), "\(failure)")
            #expect(summary.requests.retries == 0)
        }
    }
}
