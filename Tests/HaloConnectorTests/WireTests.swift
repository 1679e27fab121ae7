import Foundation
import HaloAPI
import HaloConnector
import HaloModel
import HaloOutput
import HaloPlatform
import HaloTesting
import Testing

/// What the client puts on the wire and takes from it, against a scripted server on 127.0.0.1: its
/// `User-Agent`, gzip answers, the forms of a last page, and the statuses of a page past the end.
@Suite("The API on the wire") struct WireTests {
    static let token = Array(#"{"access_token":"t0k3n","token_type":"bearer","expires_in":900}"#.utf8)

    /// An events page of `ids`, with `pagination` as given (raw JSON, `nil`: no `pagination` member).
    static func page(_ ids: [String], pagination: String?) -> [UInt8] {
        let events = ids.map { #"{"id":"\#($0)","type":"halo_login_success","created_at":"2025-01-01T00:00:0\#(ids.firstIndex(of: $0)!).000Z"}"# }
        let member = pagination.map { #","pagination":\#($0)"# } ?? ""
        return Array(#"{"count":\#(ids.count)\#(member),"events":[\#(events.joined(separator: ","))]}"#.utf8)
    }

    /// Runs `body` with a source of one account on `server`, a policy of `attempts` quick attempts.
    static func withSource<T>(
        _ server: ScriptedHTTPServer, attempts: Int = 3, _ body: (any EventSource) async throws -> T
    ) async throws -> T {
        var settings = HaloAPISettings()
        settings.endpoint = try HaloEndpoint(url: server.baseURL)
        settings.retry = RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20), attemptTimeout: .seconds(10))
        let service = try HaloAPIService(settings)
        defer { server.stop() }
        do {
            let result = try await body(service.source(for: APIKey(keyID: "k1", secret: "s1")))
            await service.shutdown()
            return result
        } catch {
            await service.shutdown()
            throw error
        }
    }

    static func first(page: Int = 1) -> PageRequest { PageRequest(since: nil, page: page, perPage: 100) }

    @Test("every request names the tool and its version, and accepts gzip; gzip answers (token and page) are decoded")
    func userAgentAndGzip() async throws {
        let token = try gzipped(Self.token)
        let events = try gzipped(Self.page(["a", "b"], pagination: "{}"))
        let server = try ScriptedHTTPServer { request in
            .init(status: 200, headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")],
                  body: request.target.hasPrefix("/oauth/") ? token : events)
        }
        let page = try await Self.withSource(server) { try await $0.page(Self.first(), answered: {}) }
        #expect(page.events.map(\.id) == ["a", "b"])
        #expect(page.next == nil)
        let requests = server.requests
        #expect(requests.map(\.method) == ["POST", "GET"])
        #expect(requests.allSatisfy { $0.header("User-Agent") == "halo-events/\(HaloToolkit.version)" }, "\(requests.map(\.headers))")
        #expect(requests.allSatisfy { $0.header("Accept-Encoding") == "gzip" })
    }

    @Test("a gzip answer that is damaged is retried, then named; one that inflates past the body limit is refused")
    func badGzip() async throws {
        let bomb = try gzipped([UInt8](repeating: 0x20, count: (64 << 20) + 4096))
        for (body, expected) in [
            (Array("not gzip at all, not even close".utf8), "could not be decompressed"),
            (bomb, "larger than 64 MiB"),
        ] {
            let server = try ScriptedHTTPServer { request in
                request.target.hasPrefix("/oauth/")
                    ? .init(status: 200, body: Self.token)
                    : .init(status: 200, headers: [("Content-Encoding", "gzip")], body: body)
            }
            let error = await #expect(throws: HaloAPIError.self) {
                try await Self.withSource(server, attempts: 2) { try await $0.page(Self.first(), answered: {}) }
            }
            guard case .attemptsExhausted(2, _, let last)? = error?.code else {
                Issue.record("not retried then given up: \(String(describing: error))")
                continue
            }
            switch (last, expected) {
            case (.badCompression, "could not be decompressed"), (.tooLarge(64 << 20), "larger than 64 MiB"): break
            default: Issue.record("\(last) for \(expected)")
            }
        }
    }

    @Test("no next page: pagination absent, {}, next absent, null or empty", arguments: [nil, "{}", #"{"next":null}"#, #"{"next":""}"#])
    func lastPageForms(_ pagination: String?) throws {
        let body = Data(Self.page(["x"], pagination: pagination))
        #expect(try HaloAPIClient.page(from: body).next == nil)
        #expect(try JSONDecoder().decode(EventPage.self, from: body).next == nil)
        let more = Data(Self.page(["x"], pagination: #"{"next":"https://api.cloudpassage.com/v1/events?page=2"}"#))
        #expect(try HaloAPIClient.page(from: more).next == "https://api.cloudpassage.com/v1/events?page=2")
    }

    @Test("a 404 past page 1 is an empty last page; on page 1 it is not found; a 422 is a refused query")
    func statusesPastTheEnd() async throws {
        let server = try ScriptedHTTPServer { request in
            if request.target.hasPrefix("/oauth/") { return .init(status: 200, body: Self.token) }
            if request.query("since") != nil { return .init(status: 422, body: Array(#"{"error":"page too deep"}"#.utf8)) }
            return .init(status: 404, body: Array(#"{"error":"not found"}"#.utf8))
        }
        try await Self.withSource(server) { source in
            let past = try await source.page(Self.first(page: 2), answered: {})
            #expect(past.events.isEmpty && past.next == nil)
            let onFirst = await #expect(throws: HaloAPIError.self) { try await source.page(Self.first(), answered: {}) }
            #expect(onFirst?.code == .notFound)
            let deep = PageRequest(since: HaloTimestamp(iso8601: "2025-01-01T00:00:00Z"), page: 60, perPage: 500)
            let refused = await #expect(throws: HaloAPIError.self) { try await source.page(deep, answered: {}) }
            #expect(refused?.code == .queryRefused)
            #expect(await source.statistics().retries == 0)
        }
    }
}
