import Foundation
import HaloModel
import HaloSimulator
import HaloTesting
import Testing

@Suite("Time: bursts, since at equal timestamps, late arrivals, old-style events")
struct TimelineTests {
    @Test("created_at never decreases, stays within the span, and has milliseconds")
    func monotoneWithinSpan() throws {
        let configuration = SimulatorConfiguration.testing(events: 5_000, accounts: 2)
        for account in 0..<2 {
            let log = SimulatedEventLog(configuration: configuration, account: account)
            let times = log.map(\.createdAt)
            #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(times.first! >= configuration.now.adding(seconds: -3600) && times.last! <= configuration.now)
            let texts = log.compactMap { $0.event.createdAtText }
            // `2024-05-01T11:00:00.123Z`: milliseconds, as current events carry them.
            #expect(texts.allSatisfy { $0.count == 24 && $0.hasSuffix("Z") && $0[$0.index($0.startIndex, offsetBy: 19)] == "." })
            #expect(zip(texts, times).allSatisfy { HaloTimestamp(iso8601: $0) == $1 })
        }
    }

    @Test("bursts share one created_at and cross a boundary of 100-event pages")
    func burstsCrossPageBoundaries() throws {
        let configuration = SimulatorConfiguration.testing(events: 5_000, accounts: 1)
        let log = SimulatedEventLog(configuration: configuration, account: 0)
        let bursts = log.bursts
        #expect(bursts.count == 5)
        for burst in bursts {
            #expect(Set(burst.map { log[$0].createdAt }).count == 1)
            #expect(burst.count >= 20)
            #expect(burst.contains { $0 % 100 == 0 && $0 > burst.lowerBound }, "burst \(burst) does not cross a page boundary")
            if burst.upperBound < log.count { #expect(log[burst.upperBound].createdAt >= log[burst.lowerBound].createdAt) }
        }
    }

    @Test("since equal to a burst's created_at includes every event of the burst, across pages")
    func sinceInclusiveAtEqualTimestamps() async throws {
        var configuration = SimulatorConfiguration.testing(events: 2_000, accounts: 1)
        configuration.lateArrivals = nil
        try await withSimulator(configuration) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let log = sim.truth(account: 0)
            let burst = try #require(log.bursts.first)
            // Pages smaller than the burst (bursts have at least 20 events), so that it spans several.
            let perPage = 10
            try #require(burst.count > perPage)
            let instant = log[burst.lowerBound].createdAt.iso8601(fractionDigits: 3)
            var served: [String] = []
            for page in 1...(burst.count / perPage + 1) {
                served += try await client.events("per_page=\(perPage)&page=\(page)&since=\(instant)", token: token).page().events.compactMap(\.id)
            }
            #expect(served.count > burst.count)
            let burstIDs = burst.map { log[$0].id }
            #expect(Array(served.prefix(burst.count)) == burstIDs)
            // One millisecond later excludes the whole burst; the same instant as `until` includes it.
            let after = log[burst.lowerBound].createdAt.adding(microseconds: 1000).iso8601(fractionDigits: 3)
            let later = try await client.events("per_page=100&since=\(after)", token: token).page()
            #expect(Set(later.events.compactMap(\.id)).isDisjoint(with: burstIDs))
            let until = try await client.events("per_page=100&sort_by=created_at.desc&until=\(instant)", token: token).page()
            #expect(until.count == burst.upperBound)
            #expect(until.events.first?.id == burstIDs.last)
        }
    }

    @Test("late arrivals are hidden at first, then appear in waves with their past created_at")
    func lateArrivals() async throws {
        var configuration = SimulatorConfiguration.testing(events: 1_000, accounts: 1)
        configuration.lateArrivals = LateArrivals(every: 5, window: .seconds(600), delay: .seconds(30), waves: 2)
        let now = configuration.now
        let log = SimulatedEventLog(configuration: configuration, account: 0)
        let late = log.lateArrivals
        #expect(late.count >= 20)
        #expect(late.allSatisfy { $0.createdAt >= now.adding(seconds: -600) })
        #expect(late.filter { $0.visibleAfter == .seconds(30) }.count == (late.count + 1) / 2)
        #expect(late.filter { $0.visibleAfter == .seconds(60) }.count == late.count / 2)
        // Late events sit between events visible from the start: a reader checkpointed past them misses
        // them unless it looks back.
        let lastLate = try #require(late.last)
        #expect(log.contains { $0.createdAt > lastLate.createdAt && $0.visibleAfter == nil })

        let windowStart = now.adding(seconds: -700)
        let inWindow = log.filter { $0.createdAt >= windowStart }
        let (observed, expected) = try await withSimulator(configuration) { sim, client in
            let token = try await client.token(sim.accounts[0])
            var observed: [[String]] = []
            var expected: [[String]] = []
            for wave in 0...2 {
                let elapsed = Duration.seconds(30 * wave)
                if wave > 0 { sim.configuration.clock.advance(by: .seconds(30)) }
                expected.append(inWindow.filter { ($0.visibleAfter ?? .zero) <= elapsed }.map(\.id))
                let served = try await Self.served(client, token: token, since: windowStart.iso8601(fractionDigits: 3))
                #expect(served.count == served.ids.count)
                observed.append(served.ids)
            }
            return (observed, expected)
        }
        #expect(observed == expected)
        #expect(expected[0].count + late.count == expected[2].count)
        #expect(expected[0].count < expected[1].count && expected[1].count < expected[2].count)
    }

    /// The count and the ids of every page from `since` (up to 10 pages of 100).
    static func served(_ client: SimClient, token: String, since: String) async throws -> (count: Int, ids: [String]) {
        var ids: [String] = []
        var count = 0
        for page in 1...10 {
            let reply = try await client.events("per_page=100&page=\(page)&since=\(since)", token: token).page()
            count = reply.count ?? -1
            ids += reply.events.compactMap(\.id)
            if reply.next == nil { break }
        }
        return (count, ids)
    }

    @Test("old-style events: name only (lower-case legacy names), microsecond timestamps, critical as a string")
    func oldStyleEvents() async throws {
        var configuration = SimulatorConfiguration.testing(events: 400, accounts: 1)
        configuration.oldStyleShare = 0.25
        configuration.lateArrivals = nil
        try await withSimulator(configuration) { sim, client in
            let token = try await client.token(sim.accounts[0])
            var served: [HaloEvent] = []
            for page in 1...4 { served += try await client.events("per_page=100&page=\(page)", token: token).page().events }
            #expect(served.count == 400)
            let old = served.prefix(100), current = served.dropFirst(100)
            #expect(sim.truth(account: 0).map(\.isOldStyle) == Array(repeating: true, count: 100) + Array(repeating: false, count: 300))
            let legacyNames = Set(configuration.catalogue.legacyNames.map(\.name))
            #expect(old.allSatisfy { $0.type == nil && legacyNames.contains($0.name ?? "") && $0.name == $0.name?.lowercased() })
            #expect(old.allSatisfy { ($0.createdAtText?.count ?? 0) == 27 })
            #expect(old.allSatisfy { [JSONValue.string("True"), .string("False")].contains($0.fields["critical"]) })
            #expect(old.contains { $0.isCritical })
            #expect(old.contains { $0.createdAtText?.hasSuffix("000Z") == false })
            #expect(current.allSatisfy { $0.type != nil && ($0.createdAtText?.count ?? 0) == 24 })
            #expect(current.allSatisfy { if case .bool = $0.fields["critical"] { return true } else { return false } })
            let times = served.compactMap(\.createdAt)
            #expect(times.count == 400 && zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
            // `since` works at microsecond precision on old events.
            let probe = try #require(old[old.startIndex + 50].createdAtText)
            let fromProbe = try await client.events("per_page=1&since=\(probe)", token: token).page()
            #expect(fromProbe.events.first?.createdAtText == probe)
        }
    }
}
