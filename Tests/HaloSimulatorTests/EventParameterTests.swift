import Foundation
import HaloModel
import HaloSimulator
import Testing

@Suite("GET /v1/events parameters")
struct EventParameterTests {
    static let configuration: SimulatorConfiguration = {
        var c = SimulatorConfiguration.testing(events: 800, accounts: 1)
        c.lateArrivals = nil
        return c
    }()

    @Test("per_page sizes the page; count covers all pages; next is absent on the last page")
    func perPageAndCount() async throws {
        try await withSimulator(Self.configuration) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let truth = sim.truth(account: 0).map(\.id)
            for perPage in [1, 7, 100] {
                let page = try await client.events("per_page=\(perPage)", token: token).page()
                #expect(page.count == 800)
                #expect(page.events.map(\.id) == Array(truth.prefix(perPage)))
                #expect(page.next != nil)
            }
            let defaultPage = try await client.events("", token: token).page()
            #expect(defaultPage.events.count == 10)
            let last = try await client.events("per_page=100&page=8", token: token).page()
            #expect(last.events.map(\.id) == Array(truth[700..<800]))
            #expect(last.next == nil)
            let beyond = try await client.events("per_page=100&page=9", token: token).page()
            #expect(beyond.events.isEmpty)
            #expect(beyond.count == 800)
            #expect(beyond.next == nil)
        }
    }

    @Test("pagination.next is the same query one page further, on the host asked")
    func nextLink() async throws {
        try await withSimulator(Self.configuration) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let reply = try await client.events("per_page=50&since=2024-05-01T11:30:00Z&sort_by=created_at.asc", token: token)
            let page = try reply.page()
            let next = try #require(page.next)
            #expect(next == "\(sim.baseURL)/v1/events?page=2&per_page=50&since=2024-05-01T11:30:00Z&sort_by=created_at.asc")
            let followed = try await client.events(String(next.split(separator: "?")[1]), token: token).page()
            let direct = try await client.events("per_page=50&page=2&since=2024-05-01T11:30:00Z", token: token).page()
            #expect(followed.events.map(\.id) == direct.events.map(\.id))
            #expect(try followed.events.count == 50 && reply.object()["pagination"] != nil)
        }
    }

    @Test("since and until are inclusive bounds on created_at")
    func sinceUntil() async throws {
        try await withSimulator(Self.configuration) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let truth = Array(sim.truth(account: 0))
            let since = truth[200].createdAt, until = truth[260].createdAt
            let query = "per_page=100&since=\(since.iso8601(fractionDigits: 3))&until=\(until.iso8601(fractionDigits: 3))"
            let page = try await client.events(query, token: token).page()
            // A burst can hold truth[260] and run on, so the bounds may take in more than one page.
            let expected = truth.filter { $0.createdAt >= since && $0.createdAt <= until }.map(\.id)
            #expect(page.events.map(\.id) == Array(expected.prefix(100)))
            #expect(page.count == expected.count)
            #expect(expected.contains(truth[200].id) && expected.contains(truth[260].id))
            // Offsets and a space for T are accepted, as users write them.
            let offset = try await client.events("per_page=5&since=2024-05-01T13:30:00%2B02:00", token: token).page()
            #expect(offset.count == truth.filter { $0.createdAt >= HaloTimestamp(iso8601: "2024-05-01T11:30:00Z")! }.count)
            let bare = try await client.events("per_page=5&since=2024-05-01T11:30:00+02:00", token: token)
            #expect(bare.status == 200)
        }
    }

    @Test("sort_by=created_at.desc serves the same events newest first")
    func sortDescending() async throws {
        try await withSimulator(Self.configuration) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let truth = sim.truth(account: 0).map(\.id)
            var descending: [String] = []
            for page in 1...8 {
                descending += try await client.events("per_page=100&page=\(page)&sort_by=created_at.desc", token: token).page().events.compactMap(\.id)
            }
            #expect(descending == truth.reversed())
            let window = try await client.events("per_page=3&page=2&sort_by=created_at.desc&since=\(sim.truth(account: 0)[100].createdAt.iso8601(fractionDigits: 3))", token: token).page()
            #expect(window.events.map(\.id) == Array(truth.reversed().dropFirst(3).prefix(3)))
        }
    }

    @Test("type and critical filters select exactly the matching events")
    func filters() async throws {
        try await withSimulator(Self.configuration) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let truth = sim.truth(account: 0).map(\.event)
            let someType = try #require(truth[3].type), otherType = try #require(truth[4].type)
            for (query, expected) in [
                ("type=\(someType)", truth.filter { $0.type == someType }),
                ("type=\(someType),\(otherType)", truth.filter { $0.type == someType || $0.type == otherType }),
                ("critical=true", truth.filter { $0.isCritical }),
                ("critical=false&type=\(someType)", truth.filter { !$0.isCritical && $0.type == someType }),
                ("server_platform=Windows", truth.filter { $0["server_platform"] == "Windows" }),
            ] {
                var served: [String] = []
                var page = 1
                while true {
                    let reply = try await client.events("per_page=100&page=\(page)&\(query)", token: token).page()
                    #expect(reply.count == expected.count, "\(query)")
                    served += reply.events.compactMap(\.id)
                    guard reply.next != nil, page < 10 else { break }
                    page += 1
                }
                #expect(!expected.isEmpty, "\(query)")
                #expect(served == expected.compactMap(\.id), "\(query)")
            }
            let server = try #require(truth.first { $0["server_id"] != nil })
            let byServer = try await client.events("per_page=100&server_id=\(server["server_id"]!)", token: token).page()
            #expect(byServer.count == truth.filter { $0["server_id"] == server["server_id"] }.count)
        }
    }

    @Test("malformed parameters answer 422 and say which", arguments: [
        "per_page=0", "per_page=101", "per_page=ten", "per_page=", "page=0", "page=-1", "page=x", "page=101",
        "since=yesterday", "since=2024-13-01", "until=2024-05-01T25:00:00Z", "since=", "sort_by=created_at",
        "sort_by=name.asc", "critical=yes", "critical=", "type=", "type=a,,b",
    ])
    func malformed(_ query: String) async throws {
        try await withSimulator(Self.configuration) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let reply = try await client.events(query, token: token)
            #expect(reply.status == 422)
            let parameter = String(query.split(separator: "=")[0])
            #expect(try (reply.object()["error_description"] as? String)?.contains("'\(parameter)'") == true)
            #expect(sim.stats.requestsByStatus[422] == 1)
        }
    }
}
