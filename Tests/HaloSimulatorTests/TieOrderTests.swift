import Foundation
import HaloModel
import HaloSimulator
import HaloTesting
import Testing

@Suite("Tie order: events sharing one created_at, request after request")
struct TieOrderTests {
    static func configuration(_ order: TieOrder) -> SimulatorConfiguration {
        var c = SimulatorConfiguration.testing(events: 3_000, accounts: 1)
        c.lateArrivals = nil
        c.bursts = Bursts(every: 500, sizes: 60...120)
        c.tieOrder = order
        c.maxPerPage = 500
        return c
    }

    /// The ids of one page of `query`.
    static func ids(_ client: SimClient, _ query: String, token: String) async throws -> (count: Int?, ids: [String]) {
        let page = try await client.events(query, token: token).page()
        return (page.count, page.events.compactMap(\.id))
    }

    @Test("shuffled: each request orders a run anew, count and the set per query unchanged (asc, desc, since/until, filters)")
    func shuffledPerRequest() async throws {
        try await withSimulator(Self.configuration(.shuffledPerRequest)) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let log = Array(sim.truth(account: 0))
            let burst = try #require(SimulatedEventLog(configuration: sim.configuration, account: 0).bursts.dropFirst().first)
            let instant = log[burst.lowerBound].createdAt.iso8601(fractionDigits: 3)
            let burstIDs = Set(burst.map { log[$0].id })
            for sort in ["created_at.asc", "created_at.desc"] {
                var orders: Set<[String]> = []
                for _ in 0..<3 {
                    let page = try await Self.ids(client, "per_page=500&since=\(instant)&until=\(instant)&sort_by=\(sort)", token: token)
                    #expect(page.count == burst.count)
                    #expect(Set(page.ids) == burstIDs && page.ids.count == burst.count)
                    orders.insert(page.ids)
                }
                #expect(orders.count == 3, "three requests gave \(orders.count) orders (\(sort))")

                // Around the burst: the events of the query are the truth's, in created_at order, ties shuffled.
                let since = log[burst.lowerBound - 40].createdAt, until = log[burst.upperBound + 40].createdAt
                let window = log.filter { $0.createdAt >= since && $0.createdAt <= until }
                let expected = sort == "created_at.asc" ? window : window.reversed()
                for filter in ["", "&critical=true"] {
                    let wanted = filter.isEmpty ? expected : expected.filter { $0.event.isCritical }
                    let query = "per_page=500&since=\(since.iso8601(fractionDigits: 3))&until=\(until.iso8601(fractionDigits: 3))&sort_by=\(sort)\(filter)"
                    let page = try await Self.ids(client, query, token: token)
                    #expect(page.count == wanted.count)
                    #expect(Set(page.ids) == Set(wanted.map(\.id)))
                    let times = Dictionary(uniqueKeysWithValues: log.map { ($0.id, $0.createdAt) })
                    #expect(page.ids.map { times[$0] } == wanted.map(\.createdAt))
                    #expect(page.ids != wanted.map(\.id))
                }
            }

            // Offset paging over the run, 25 a page: some events never come, others twice.
            var paged: [String] = []
            for page in 1...(burst.count / 25 + 1) {
                paged += try await Self.ids(client, "per_page=25&page=\(page)&since=\(instant)&until=\(instant)", token: token).ids
            }
            #expect(paged.count == burst.count)
            #expect(Set(paged) != burstIDs)
        }
    }

    @Test("shuffled orders are the same for the same seed and request sequence; stable keeps the stream's order")
    func reproducibleAndStable() async throws {
        let query = "per_page=100&page=2&since=2024-05-01T11:00:00Z"
        // The served events, whole (each simulator's links name its own port).
        func pages(_ order: TieOrder) async throws -> [[HaloEvent]] {
            try await withSimulator(Self.configuration(order)) { sim, client in
                let token = try await client.token(sim.accounts[0])
                var pages: [[HaloEvent]] = []
                for _ in 0..<4 { pages.append(try await client.events(query, token: token).page().events) }
                return pages
            }
        }
        let first = try await pages(.shuffledPerRequest), second = try await pages(.shuffledPerRequest)
        #expect(first == second)
        #expect(Set(first).count == 4)
        let stable = try await pages(.stable)
        #expect(Set(stable).count == 1)
        let log = SimulatedEventLog(configuration: Self.configuration(.stable), account: 0)
        let since = try #require(HaloTimestamp(iso8601: "2024-05-01T11:00:00Z"))
        #expect(stable[0].compactMap(\.id) == log.filter { $0.createdAt >= since }.dropFirst(100).prefix(100).map(\.id))
    }
}
