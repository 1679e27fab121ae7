import Foundation
import HaloAPI
import HaloConnector
import HaloEventsCommand
import HaloPlatform
import HaloTesting
import Testing

/// Failing fast and saying why: a connection that cannot be opened fails its attempt at once, a host name that
/// does not exist is not retried, a dead proxy is named as the proxy, and each retry is said under `-v`.
///
/// The unknown names have an empty label (`halo..invalid`): glibc's resolver refuses such a name itself
/// (`EAI_NONAME`) without sending a query (checked with strace in a network namespace with no interface up),
/// so no packet leaves the host.
@Suite("Failing fast", .serialized) struct FailFastTests {
    @Test("a refused connection fails each attempt at once, and each retry is said under -v (only)")
    func refusedIsQuickAndSaid() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 10)) { fixture in
            let closed = try freeLoopbackPort(udp: false)
            for verbose in [true, false] {
                let began = ContinuousClock.now
                let run = await fixture.run {
                    $0.api.endpoint = try! HaloEndpoint(url: "http://127.0.0.1:\(closed)")
                    $0.api.retry.maxAttempts = 3
                    $0.verbose = verbose
                }
                let took = ContinuousClock.now - began
                // Before, the HTTP client kept trying to connect for its connect timeout (10 s) on every attempt.
                #expect(took < .seconds(3), "\(took)")
                let error = try #require(run.report.accounts[0].failure as? HaloAPIError)
                guard case .attemptsExhausted(3, _, .cannotConnect(.api, .refused)) = error.code else {
                    Issue.record("\(error)")
                    return
                }
                let failure = Sentences.of(error)
                #expect(failure.contains("cannot connect to 127.0.0.1:\(closed): connection refused") && failure.contains("Check --url and --port"), "\(failure)")
                // What went out: three connection attempts, no request counted for the page that never left.
                #expect(run.report.accounts[0].requests.requests == 3)
                let retries = run.diagnostics.filter { $0.contains("attempt ") && $0.contains("failed (cannot connect to 127.0.0.1:\(closed): connection refused") }
                #expect(retries.count == (verbose ? 2 : 0), "\(run.diagnostics)")
                #expect(!run.diagnostics.contains { $0.contains("proxy") }, "no proxy, nothing said about one: \(run.diagnostics)")
            }
        }
    }

    @Test("a host name that does not exist fails at once, not retried, naming the host")
    func unknownHost() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 10)) { fixture in
            let began = ContinuousClock.now
            let run = await fixture.run { $0.api.endpoint = try! HaloEndpoint(url: "https://halo..invalid") }
            #expect(ContinuousClock.now - began < .seconds(3))
            let summary = run.report.accounts[0]
            let error = try #require(summary.failure as? HaloAPIError)
            guard case .hostUnknown(.api, _) = error.code else {
                Issue.record("\(error)")
                return
            }
            #expect(summary.requests.retries == 0)
            let failure = Sentences.of(error)
            #expect(failure.contains("cannot connect to halo..invalid:443") && failure.contains("no such host name") && failure.contains("--url"), "\(failure)")
        }
    }

    @Test("when the proxy cannot be reached the failure names the proxy, and where it came from")
    func deadProxyIsNamed() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 10)) { fixture in
            let closed = try freeLoopbackPort(udp: false)
            let given = try ProxySetting("127.0.0.1:\(closed)")
            let fromEnvironment = try ProxySetting("http://127.0.0.1:\(closed)", origin: .environment(variable: "http_proxy"))
            for (proxy, check) in [(given, "Check --proxy"), (fromEnvironment, "Check http_proxy in the environment")] {
                let run = await fixture.run {
                    if proxy.origin == .given { $0.api.proxy = proxy } else { $0.api.proxyEnvironment = ["http_proxy": "http://127.0.0.1:\(closed)"] }
                    $0.api.retry.maxAttempts = 2
                }
                let error = try #require(run.report.accounts[0].failure as? HaloAPIError)
                #expect(error.code == .attemptsExhausted(attempts: 2, seconds: error.seconds, last: .cannotConnect(.proxy(proxy), .refused)), "\(error)")
                let failure = Sentences.of(error)
                #expect(failure.contains("cannot connect to the proxy 127.0.0.1:\(closed)") && failure.contains(check), "\(failure)")
                #expect(!failure.contains("127.0.0.1:\(fixture.sim.port)"), "the API is not blamed: \(failure)")
            }
            // A proxy whose name does not exist: at once, not retried.
            let unknown = try ProxySetting("proxy..invalid:3128")
            let run = await fixture.run { $0.api.proxy = unknown }
            let error = try #require(run.report.accounts[0].failure as? HaloAPIError)
            guard case .hostUnknown(.proxy(let named), _) = error.code, named == unknown else {
                Issue.record("\(error)")
                return
            }
            #expect(run.report.accounts[0].requests.retries == 0)
            #expect(Sentences.of(error).contains("the proxy proxy..invalid:3128 (--proxy)"), "\(Sentences.of(error))")
        }
    }
}

private extension HaloAPIError {
    /// The seconds of an ``HaloAPIError/Code/attemptsExhausted(attempts:seconds:last:)`` (to compare the rest).
    var seconds: Double {
        if case .attemptsExhausted(_, let seconds, _) = code { seconds } else { -1 }
    }
}
