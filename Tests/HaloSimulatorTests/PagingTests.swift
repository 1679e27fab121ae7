import Foundation
import HaloModel
import HaloSimulator
import HaloTesting
import Testing

@Suite("Paging")
struct PagingTests {
    @Test("pages 1 to 100 serve the first 10 000 events; page 100 links to 101, which answers 422; since moves on")
    func hundredPageLimit() async throws {
        var configuration = SimulatorConfiguration.testing(events: 10_050, accounts: 1)
        configuration.lateArrivals = nil
        try await withSimulator(configuration) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let truth = Array(sim.truth(account: 0))
            var ids: [String] = []
            var last: EventPage?
            for page in 1...100 {
                let reply = try await client.events("per_page=100&page=\(page)", token: token).page()
                #expect(reply.count == 10_050)
                ids += reply.events.compactMap(\.id)
                last = reply
            }
            #expect(ids == truth.prefix(10_000).map(\.id))
            let next = try #require(last?.next)
            #expect(next.contains("page=101"))
            let refused = try await client.events(String(next.split(separator: "?")[1]), token: token)
            #expect(refused.status == 422)
            #expect(refused.text.contains("since"))

            // Moving `since` to the last timestamp read reaches the rest (events at that timestamp repeat).
            let anchor = truth[9_999].createdAt
            let rest = try await client.events("per_page=100&since=\(anchor.iso8601(fractionDigits: 3))", token: token).page()
            let expected = truth.filter { $0.createdAt >= anchor }.map(\.id)
            #expect(rest.events.map(\.id) == expected)
            #expect(expected.suffix(50) == truth.suffix(50).map(\.id))
        }
    }

    @Test("reading with since re-anchoring and de-duplication at the anchor yields the stream exactly")
    func reanchoredReadMatchesTruth() async throws {
        var configuration = SimulatorConfiguration.testing(events: 3_000, accounts: 1)
        configuration.bursts = Bursts(every: 500, sizes: 120...250)
        configuration.lateArrivals = nil
        try await withSimulator(configuration) { sim, client in
            let token = try await client.token(sim.accounts[0])
            // Five pages of 100 per anchor forces many re-anchorings, several inside bursts.
            let read = try await readAll(client, token: token, perPage: 100, pagesPerAnchor: 5)
            #expect(read == sim.truth(account: 0).map(\.id))
            #expect(sim.truth(account: 0).bursts.contains { $0.count > 100 })
        }
    }
}

/// Reads a whole stream the way a careful connector does: up to `pagesPerAnchor` pages from `since`, then
/// `since` moves to the newest `created_at` read, and events already read at that instant are skipped.
func readAll(_ client: SimClient, token: String, perPage: Int, pagesPerAnchor: Int) async throws -> [String] {
    var read: [(id: String, createdAt: String)] = []
    var since: String?
    for _ in 0..<10_000 {
        // Events read at the anchor instant come again from `since` on (it is inclusive): skip them.
        let seenAtAnchor = Set(read.reversed().prefix { $0.createdAt == since }.map(\.id))
        let before = read.count
        for page in 1...pagesPerAnchor {
            let query = "per_page=\(perPage)&page=\(page)" + (since.map { "&since=\($0)" } ?? "")
            let reply = try await client.events(query, token: token).page()
            for event in reply.events {
                guard let id = event.id, let createdAt = event.createdAtText, !seenAtAnchor.contains(id) else { continue }
                read.append((id, createdAt))
            }
            if reply.next == nil { return read.map(\.id) }
        }
        guard read.count > before, let newest = read.last?.createdAt else { break }
        since = newest
    }
    return read.map(\.id)
}
