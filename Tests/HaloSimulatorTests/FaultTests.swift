import AsyncHTTPClient
import Foundation
import HaloModel
import HaloSimulator
import HaloTesting
import NIOCore
import NIOHTTP1
import Testing

@Suite("Faults")
struct FaultTests {
    static func configuration(_ faults: [FaultRule]) -> SimulatorConfiguration {
        var c = SimulatorConfiguration.testing(events: 300, accounts: 2)
        c.faults = faults
        return c
    }

    @Test("429 with Retry-After on the scheduled request; the retry succeeds")
    func tooManyRequests() async throws {
        try await withSimulator(Self.configuration([.onRequest(2, .tooManyRequests(retryAfter: 7))])) { sim, client in
            let token = try await client.token(sim.accounts[0])
            #expect(try await client.events("", token: token).status == 200)
            let limited = try await client.events("", token: token)
            #expect(limited.status == 429)
            #expect(limited.headers.first(name: "Retry-After") == "7")
            #expect(try await client.events("", token: token).status == 200)
            #expect(sim.stats.faults(.tooManyRequests(retryAfter: 7)) == 1)
            #expect(sim.stats.faultsInjected == ["http_429": 1])
        }
    }

    @Test("5xx answers on the scheduled requests", arguments: [500, 502, 503, 504])
    func serverErrors(_ status: Int) async throws {
        try await withSimulator(Self.configuration([FaultRule(.serverError(status: status), .requests([1, 3]))])) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let statuses = try await (0..<4).asyncMap { _ in try await client.events("", token: token).status }
            #expect(statuses == [status, 200, status, 200])
            #expect(sim.stats.faultsInjected["http_\(status)"] == 2)
            #expect(sim.stats.requestsByStatus[status] == 2)
        }
    }

    @Test("a slow response arrives after the configured delay, intact")
    func slowResponse() async throws {
        try await withSimulator(Self.configuration([.onRequest(1, .slowResponse(delay: .milliseconds(600)))])) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let clock = ContinuousClock()
            let start = clock.now
            let reply = try await client.events("per_page=5", token: token)
            #expect(clock.now - start >= .milliseconds(600))
            #expect(try reply.page().events.count == 5)
            #expect(sim.stats.faultsInjected["slow_response"] == 1)
        }
    }

    /// An exchange that ends this fast ended on purpose: a stall lasts ``RawHTTP/receiveTimeout`` (10 s)
    /// or ``SimClient/timeout`` (60 s).
    static let quickly: Duration = .seconds(3)

    @Test("the connection closes part-way through the body: a 200 head, then the body ends early, at once")
    func connectionClosedMidBody() async throws {
        try await withSimulator(Self.configuration([.onRequest(1, .connectionClosedMidBody)])) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let clock = ContinuousClock()
            let start = clock.now
            let response = try await client.eventsResponse("per_page=100", token: token)
            #expect(response.status == .ok)
            await #expect(throws: HTTPParserError.invalidEOFState) { _ = try await response.body.collect(upTo: 64 << 20) }
            #expect(clock.now - start < Self.quickly)
            #expect(try await client.events("per_page=100", token: token).page().events.count == 100)
            #expect(sim.stats.faultsInjected["connection_closed_mid_body"] == 1)
        }
    }

    @Test("the headers of a body closed mid-way promise more than arrives; the server closes (FIN), not stalls")
    func connectionClosedMidBodyOverRawSocket() async throws {
        try await withSimulator(Self.configuration([.onRequest(1, .connectionClosedMidBody)])) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let exchange = try RawHTTP.get(port: sim.port, path: "/v1/events?per_page=100", token: token)
            #expect(exchange.ending == .closed)
            #expect(exchange.elapsed < Self.quickly)
            let raw = exchange.bytes
            let head = try #require(raw.range(of: Data("\r\n\r\n".utf8)))
            let headers = String(decoding: raw[..<head.lowerBound], as: UTF8.self)
            #expect(headers.hasPrefix("HTTP/1.1 200"))
            let length = try #require(headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") })
            let promised = Int(length.split(separator: ":")[1].trimmingCharacters(in: .whitespaces))!
            let received = raw.count - head.upperBound
            #expect(received > 0 && received < promised)
        }
    }

    @Test("a reset sends not one byte and resets the connection (RST), at once; counted, with no status")
    func connectionResetOverRawSocket() async throws {
        try await withSimulator(Self.configuration([.onRequest(1, .connectionReset)])) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let exchange = try RawHTTP.get(port: sim.port, path: "/v1/events?per_page=100", token: token)
            #expect(exchange.bytes.isEmpty)
            #expect(exchange.ending == .reset)
            #expect(exchange.elapsed < Self.quickly)
            #expect(sim.stats.faults(.connectionReset) == 1)
            #expect(sim.stats.faultsInjected == ["connection_reset": 1])
            #expect(sim.stats.requestsByStatus == [200: 1])
            #expect(sim.stats.eventsServed == 0)
        }
    }

    @Test("through AsyncHTTPClient a reset is an error (ECONNRESET), not a response; the next request is answered")
    func connectionReset() async throws {
        try await withSimulator(Self.configuration([FaultRule(.connectionReset, .requests([2]))])) { sim, client in
            let token = try await client.token(sim.accounts[0])
            // Request 1 leaves the connection open for reuse; request 2 goes over it and is reset.
            #expect(try await client.events("per_page=10", token: token).status == 200)
            let clock = ContinuousClock()
            let start = clock.now
            let error = await #expect(throws: IOError.self) { _ = try await client.eventsResponse("per_page=100", token: token) }
            #expect(error?.errnoCode == ECONNRESET)
            #expect(clock.now - start < Self.quickly)
            #expect(try await client.events("per_page=100", token: token).page().events.count == 100)
            #expect(try await client.stats().faultsInjected == ["connection_reset": 1])
            #expect(sim.stats.requestsByStatus == [200: 3])
        }
    }

    @Test("a truncated body and an invalid body are 200s that do not parse")
    func brokenJSON() async throws {
        try await withSimulator(Self.configuration([.onRequest(1, .truncatedJSON), .onRequest(2, .invalidJSON)])) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let truncated = try await client.events("per_page=100", token: token)
            let invalid = try await client.events("per_page=100", token: token)
            let whole = try await client.events("per_page=100", token: token)
            for broken in [truncated, invalid] {
                #expect(broken.status == 200)
                #expect(throws: (any Error).self) { try broken.page() }
                #expect(throws: (any Error).self) { try JSONSerialization.jsonObject(with: broken.body) }
            }
            #expect(truncated.body.count == whole.body.count / 2)
            #expect(whole.body.starts(with: truncated.body))
            #expect(sim.stats.faultsInjected == ["truncated_json": 1, "invalid_json": 1])
        }
    }

    @Test("a revoked token answers 401 from then on; a new token works")
    func tokenRevoked() async throws {
        try await withSimulator(Self.configuration([.onRequest(2, .tokenRevoked)])) { sim, client in
            let token = try await client.token(sim.accounts[0])
            #expect(try await client.events("", token: token).status == 200)
            let revoked = try await client.events("", token: token)
            #expect(revoked.status == 401)
            #expect(revoked.text.contains("revoked"))
            #expect(try await client.events("", token: token).status == 401)
            let fresh = try await client.token(sim.accounts[0])
            #expect(try await client.events("", token: fresh).status == 200)
            #expect(sim.stats.faultsInjected["token_revoked"] == 1)
            #expect(sim.stats.tokensIssued == 2)
        }
    }

    @Test("every=N and probability triggers fire as configured, deterministically")
    func triggers() async throws {
        let rules = [FaultRule(.serverError(status: 503), .every(3)), FaultRule(.serverError(status: 500), .probability(0.3))]
        var runs: [[Int]] = []
        for _ in 0..<2 {
            runs.append(try await withSimulator(Self.configuration(rules)) { sim, client in
                let token = try await client.token(sim.accounts[0])
                return try await (1...60).asyncMap { _ in try await client.events("per_page=1", token: token).status }
            })
        }
        #expect(runs[0] == runs[1])
        let statuses = runs[0]
        #expect(statuses.enumerated().filter { ($0.offset + 1) % 3 == 0 }.allSatisfy { $0.element == 503 })
        let random500 = statuses.filter { $0 == 500 }.count
        #expect(random500 > 3 && random500 < 25)
        #expect(Set(statuses) == [200, 500, 503])
    }

    @Test("the per-key rate limit answers 429 with Retry-After beyond the limit, per key, and resets")
    func perKeyRateLimit() async throws {
        var configuration = Self.configuration([])
        configuration.rateLimit = RateLimit(requests: 3, per: .seconds(10))
        try await withSimulator(configuration) { sim, client in
            let first = try await client.token(sim.accounts[0])
            let second = try await client.token(sim.accounts[1])
            let statuses = try await (0..<4).asyncMap { _ in try await client.events("", token: first).status }
            #expect(statuses == [200, 200, 200, 429])
            let limited = try await client.events("", token: first)
            #expect(limited.headers.first(name: "Retry-After") == "10")
            #expect(try await client.events("", token: second).status == 200)
            sim.configuration.clock.advance(by: .seconds(4))
            #expect(try await client.events("", token: first).headers.first(name: "Retry-After") == "6")
            sim.configuration.clock.advance(by: .seconds(6))
            #expect(try await client.events("", token: first).status == 200)
            #expect(sim.stats.faultsInjected[FaultKind.rateLimitStatsName] == 3)
            #expect(sim.stats.requestsByStatus[429] == 3)
        }
    }

    @Test("the latency setting delays every answer")
    func latency() async throws {
        var configuration = Self.configuration([])
        configuration.latency = .milliseconds(250)
        try await withSimulator(configuration) { sim, client in
            let clock = ContinuousClock()
            let start = clock.now
            let token = try await client.token(sim.accounts[0])
            _ = try await client.events("", token: token)
            #expect(clock.now - start >= .milliseconds(500))
        }
    }

    @Test("GET /_sim/stats answers what sim.stats holds")
    func statsEndpoint() async throws {
        try await withSimulator(Self.configuration([.onRequest(1, .serverError(status: 502))])) { sim, client in
            let token = try await client.token(sim.accounts[0])
            _ = try await client.events("per_page=10", token: token)
            _ = try await client.events("per_page=10", token: token)
            _ = try await client.get("/nowhere", token: nil)
            let stats = try await client.stats()
            #expect(stats == sim.stats)
            #expect(stats.requestsByStatus == [200: 2, 502: 1, 404: 1])
            #expect(stats.faultsInjected == ["http_502": 1])
            #expect(stats.tokensIssued == 1 && stats.eventsServed == 10)
            let raw = try await client.get("/_sim/stats", token: nil).text
            #expect(raw.contains("\"requests_by_status\":{") && raw.contains("\"faults_injected\":{\"http_502\":1}"))
        }
    }
}

extension Sequence {
    /// `map` with an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
