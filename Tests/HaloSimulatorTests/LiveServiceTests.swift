import Foundation
import HaloModel
import HaloSimulator
import HaloTesting
import Testing

@Suite("Live service: its clock, late arrivals hours old, the truth of each moment")
struct LiveServiceTests {
    static let day: Duration = .seconds(86_400)
    static let lateness: ClosedRange<Duration> = .seconds(60) ... .seconds(72_000)

    static func configuration(live: Bool = true, seed: UInt64 = 42) -> SimulatorConfiguration {
        var c = SimulatorConfiguration.testing(events: 2_000, accounts: 2, seed: seed)
        c.span = day
        c.live = live
        c.lateArrivals = LateArrivals(every: 10, window: day, lateness: lateness)
        return c
    }

    /// Every event the account serves now, read in pages of 100 from the start.
    static func served(_ client: SimClient, token: String) async throws -> (count: Int?, events: [HaloEvent]) {
        var events: [HaloEvent] = []
        var count: Int?
        for page in 1...100 {
            let reply = try await client.events("per_page=100&page=\(page)", token: token).page()
            count = reply.count
            events += reply.events
            if reply.next == nil { break }
        }
        return (count, events)
    }

    /// The ids account 0 serves at `instant` (`since` = `until` = it).
    static func served(_ client: SimClient, sim: HaloSimulator, at instant: HaloTimestamp) async throws -> [String] {
        let token = try await client.token(sim.accounts[0])
        let text = instant.iso8601(fractionDigits: 3)
        return try await client.events("per_page=100&since=\(text)&until=\(text)", token: token).page().events.compactMap(\.id)
    }

    @Test("late arrivals are late by 1 minute to 20 hours, each its own, from the seed")
    func latenessRange() throws {
        func delays(_ c: SimulatorConfiguration) -> [Int64] {
            SimulatedEventLog(configuration: c, account: 0).lateArrivals.map { $0.visibleAt.microseconds - $0.createdAt.microseconds }
        }
        let log = SimulatedEventLog(configuration: Self.configuration(), account: 0)
        #expect(log.lateArrivals.count == 200)
        let late = delays(Self.configuration())
        #expect(late.allSatisfy { (60_000_000...72_000_000_000).contains($0) && $0 % 1000 == 0 })
        #expect(late.min()! < 1_800_000_000 && late.max()! > 15 * 3_600_000_000)
        #expect(delays(Self.configuration()) == late)
        #expect(delays(Self.configuration(seed: 43)) != late)
        let lateIDs = Set(log.lateArrivals.map(\.id))
        #expect(log.filter { !lateIDs.contains($0.id) }.allSatisfy { $0.visibleAt == $0.createdAt })
    }

    @Test("the service's time starts at the span's start and moves with the clock; it serves exactly visibleEvents")
    func servesTheTruthOfEachMoment() async throws {
        let configuration = Self.configuration()
        try await withSimulator(configuration) { sim, client in
            #expect(sim.serviceTime == configuration.now.adding(seconds: -86_400))
            var sawUnarrived = false
            // Ten steps of 2.4 h cover the day; the last, 20 h more, lets every late arrival come.
            for step in 0...10 {
                for account in 0..<2 {
                    let token = try await client.token(sim.accounts[account])
                    let truth = sim.visibleEvents(account: account)
                    let served = try await Self.served(client, token: token)
                    #expect(served.events.compactMap(\.id) == truth.map(\.id), "step \(step), account \(account)")
                    #expect(served.count == truth.count && sim.visibleCount(account: account) == truth.count)
                    #expect(sim.visibleIDs(account: account) == truth.map(\.id))
                    #expect(served.events.allSatisfy { ($0.createdAt ?? .init(microseconds: .max)) <= sim.serviceTime })
                    let created = sim.truth(account: account).filter { $0.createdAt <= sim.serviceTime }.count
                    if created > truth.count { sawUnarrived = true }
                }
                sim.configuration.clock.advance(by: step < 10 ? .seconds(8_640) : .seconds(72_000))
            }
            #expect(sawUnarrived)
            let token = try await client.token(sim.accounts[0])
            #expect(try await Self.served(client, token: token).count == 2_000)
        }
    }

    @Test("a late event is served from created_at + its lateness on, not before")
    func lateEventArrives() async throws {
        let configuration = Self.configuration()
        let log = SimulatedEventLog(configuration: configuration, account: 0)
        let start = configuration.now.adding(seconds: -86_400)
        // A late event created in the first half of the day and late by more than an hour.
        let late = try #require(log.lateArrivals.first {
            $0.createdAt < start.adding(seconds: 43_200) && $0.visibleAt.microseconds - $0.createdAt.microseconds > 3_600_000_000
        })
        try await withSimulator(configuration) { sim, client in
            // Just after its created_at, then just before it arrives: not served; at its arrival: served.
            sim.configuration.clock.advance(by: .microseconds(late.createdAt.microseconds - start.microseconds + 1_000))
            let created = try await Self.served(client, sim: sim, at: late.createdAt)
            sim.configuration.clock.advance(by: .microseconds(late.visibleAt.microseconds - sim.serviceTime.microseconds - 1_000))
            let almost = try await Self.served(client, sim: sim, at: late.createdAt)
            sim.configuration.clock.advance(by: .milliseconds(1))
            #expect(sim.serviceTime == late.visibleAt)
            let arrived = try await Self.served(client, sim: sim, at: late.createdAt)
            #expect(!created.contains(late.id) && !almost.contains(late.id) && arrived.contains(late.id))
        }
    }

    @Test("not live: the service starts at now, so late arrivals whose time has come are served from the start")
    func notLive() async throws {
        let configuration = Self.configuration(live: false)
        try await withSimulator(configuration) { sim, client in
            #expect(sim.serviceTime == configuration.now)
            let token = try await client.token(sim.accounts[0])
            let truth = sim.visibleEvents(account: 0)
            let lateServed = truth.filter { $0.visibleAt > $0.createdAt }.count
            #expect(lateServed > 0 && truth.count < 2_000)
            #expect(try await Self.served(client, token: token).events.compactMap(\.id) == truth.map(\.id))
            sim.configuration.clock.advance(by: .seconds(72_000))
            let later = try await client.token(sim.accounts[0])
            #expect(try await Self.served(client, token: later).count == 2_000)
        }
    }
}
