import AsyncHTTPClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloCommandLine
import NIOCore
import NIOPosix

/// The emulator's own ceiling: pages of 100 events per second that `halo-sim` serves (latency 0) to a
/// minimal client — a few keep-alive connections, bodies counted and dropped, nothing decoded.
struct EmulatorCeiling {
    /// Requests made in all.
    let pages: Int
    let connections: Int
    /// Pages 1…`fullPages` of the query are full (100 events); requests cycle through them.
    let fullPages: Int

    /// Events per second served.
    func measure(_ simulator: SimulatorChild) async throws -> Double {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        let http = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
        do {
            let token = try await Self.token(http, simulator)
            let base = simulator.baseURL
            let (pages, connections, fullPages) = (pages, connections, fullPages)
            let start = ContinuousClock.now
            let events = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in 0..<connections {
                    group.addTask {
                        var events = 0
                        for request in stride(from: worker, to: pages, by: connections) {
                            try await Self.fetch(http, base: base, token: token, page: request % fullPages + 1)
                            events += 100
                        }
                        return events
                    }
                }
                return try await group.reduce(0, +)
            }
            let seconds = (ContinuousClock.now - start).seconds
            try await http.shutdown()
            return Double(events) / seconds
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    private struct TokenAnswer: Decodable { var access_token: String }

    private static func token(_ http: HTTPClient, _ simulator: SimulatorChild) async throws -> String {
        let line = try String(contentsOfFile: simulator.authFile, encoding: .utf8).split(separator: "\n")[0]
        let parts = line.split(separator: "|")
        var request = HTTPClientRequest(url: simulator.baseURL + "/oauth/access_token?grant_type=client_credentials")
        request.method = .POST
        request.setBasicAuth(username: String(parts[0]), password: String(parts[1]))
        let response = try await http.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else { throw ChildProcess.Failure(description: "the emulator refused the token request: HTTP \(response.status.code)") }
        return try JSONDecoder().decode(TokenAnswer.self, from: Data(body.readableBytesView)).access_token
    }

    /// Fetches one page, whole, and drops it.
    private static func fetch(_ http: HTTPClient, base: String, token: String, page: Int) async throws {
        var request = HTTPClientRequest(url: "\(base)/v1/events?sort_by=created_at.asc&per_page=100&page=\(page)")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await http.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 << 20)
        guard response.status == .ok, body.readableBytes > 0 else {
            throw ChildProcess.Failure(description: "the emulator answered HTTP \(response.status.code) to page \(page)")
        }
    }
}
