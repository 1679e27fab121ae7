import Foundation
import HaloConnector
import HaloEventsCommand
import HaloModel
import HaloSimulator
import HaloTesting
import Testing

/// Every event exactly once: across runs, across equal-timestamp bursts, with late arrivals, past the
/// API's 100-page limit.
@Suite("Delivery") struct DeliveryTests {
    @Test("two consecutive runs deliver the emulator's truth exactly once, as received")
    func twoRunsDeliverTruthOnce() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(accounts: 2, events: 2_500)) { fixture in
            let first = await fixture.run { $0.configuration.limit = 1_111 }
            #expect(first.status == .success, "\(first.diagnostics)")
            #expect(first.report.accounts.map(\.delivered) == [1_111, 1_111])
            let second = await fixture.run()
            #expect(second.status == .success, "\(second.diagnostics)")
            #expect(second.report.accounts.map(\.delivered) == [2_500 - 1_111, 2_500 - 1_111])

            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            #expect(delivered.repeated.isEmpty)
            let difference = delivered.difference(from: fixture.truthIDs())
            #expect(difference.isEmpty, "missing \(difference.missing.count), unexpected \(difference.unexpected.count)")
            // "As received": every field of every event, not just the id.
            let truthByID = Dictionary(uniqueKeysWithValues: (0..<2).flatMap { fixture.truth(account: $0).map { ($0.id, $0.event) } })
            for event in delivered.events { #expect(event == truthByID[event.id ?? ""], "event \(event.id ?? "?") differs") }
            // A good run says nothing but one summary per account.
            #expect(second.diagnostics.count == 2)
            #expect(second.diagnostics.allSatisfy { $0.hasPrefix("halo-events: key ") && $0.contains(": ok, ") })
        }
    }

    @Test("a burst of equal timestamps split across pages, batches and runs is delivered exactly once")
    func burstAcrossPagesAndRuns() async throws {
        var simulator = ConnectorFixture.simulator(events: 3_000)
        simulator.bursts = Bursts(every: 1_000, sizes: 150...250)
        try await ConnectorFixture.with(simulator) { fixture in
            let truth = fixture.truth()
            let burst = try #require(fixture.sim.truth(account: 0).bursts.first { $0.count >= 150 })
            #expect(Set(burst.map { truth[$0].createdAt }).count == 1)
            let pageBoundary = (burst.lowerBound / 100 + 1) * 100
            #expect(burst.contains(pageBoundary), "the burst crosses a page boundary")

            // Stop the first run in the middle of the burst, with batches smaller than the burst.
            let stop = burst.lowerBound + burst.count / 2
            let first = await fixture.run {
                $0.configuration.limit = stop
                $0.configuration.batchSize = 37
            }
            #expect(first.status == .success)
            #expect(try DeliveredEvents(lines: fixture.outputLines()).events.map(\.id) == truth[..<stop].map(\.id))

            let second = await fixture.run { $0.configuration.batchSize = 37 }
            #expect(second.status == .success)
            #expect(second.report.accounts[0].delivered == truth.count - stop)
            #expect(second.report.accounts[0].repeats >= stop - burst.lowerBound, "the burst's first half is read again and dropped")
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            #expect(delivered.events.map(\.id) == truth.map(\.id))
        }
    }

    @Test("late arrivals inside the lookback window are delivered exactly once")
    func lateArrivalsInsideLookback() async throws {
        var simulator = ConnectorFixture.simulator(events: 2_000)
        simulator.clock = .manual()
        simulator.span = .seconds(3_600)
        simulator.lateArrivals = LateArrivals(every: 7, window: .seconds(120), delay: .seconds(60), waves: 2)
        let clock = simulator.clock
        try await ConnectorFixture.with(simulator) { fixture in
            let truth = fixture.truth()
            let late = fixture.sim.truth(account: 0).lateArrivals
            #expect(late.count >= 4)

            func visible(after elapsed: Duration) -> [String] {
                truth.filter { ($0.visibleAfter ?? .zero) <= elapsed }.map(\.id)
            }
            for (step, elapsed) in [Duration.zero, .seconds(60), .seconds(120)].enumerated() {
                if step > 0 { clock.advance(by: .seconds(60)) }
                let run = await fixture.run()   // default lookback: 5 minutes > the 2 minutes of late arrivals
                #expect(run.status == .success)
                let delivered = try DeliveredEvents(lines: fixture.outputLines())
                #expect(delivered.repeated.isEmpty, "step \(step)")
                let difference = delivered.difference(from: visible(after: elapsed))
                #expect(difference.isEmpty, "step \(step): \(difference)")
            }
            #expect(visible(after: .seconds(120)).count == truth.count)
        }
    }

    /// Two runs with a 2-minute lookback over 2 000 events of an hour, every 7th of its last 10 minutes late by
    /// a minute (the clock advanced between the runs): what was delivered, and the late arrivals outside the window.
    struct LateScenario {
        var first: ConnectorRun
        var second: ConnectorRun
        var difference: IDDifference
        var outside: [String]
    }

    static func lateScenario(_ adjust: @escaping (inout HaloEventsRun) -> Void) async throws -> LateScenario {
        var simulator = ConnectorFixture.simulator(events: 2_000)
        simulator.clock = .manual()
        simulator.span = .seconds(3_600)
        simulator.lateArrivals = LateArrivals(every: 7, window: .seconds(600), delay: .seconds(60), waves: 1)
        let clock = simulator.clock
        return try await ConnectorFixture.with(simulator) { fixture in
            let truth = fixture.truth()
            let lastVisible = truth.last(where: { $0.visibleAfter == nil })
            let newest = try #require(lastVisible).createdAt
            let settings: (inout HaloEventsRun) -> Void = { run in
                run.configuration.lookback = 120
                adjust(&run)
            }
            let first = await fixture.run(settings)
            #expect(first.status == .success)
            clock.advance(by: .seconds(60))
            let second = await fixture.run(settings)
            #expect(second.status == .success)
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            let difference = delivered.difference(from: truth.map(\.id))
            #expect(difference.unexpected.isEmpty && delivered.repeated.isEmpty)
            let late = fixture.sim.truth(account: 0).lateArrivals
            let inside = late.filter { $0.createdAt >= newest.adding(seconds: -120) }.map(\.id)
            let outside = late.filter { $0.createdAt < newest.adding(seconds: -120) }.map(\.id)
            #expect(!inside.isEmpty && !outside.isEmpty)
            return LateScenario(first: first, second: second, difference: difference, outside: outside)
        }
    }

    @Test("without the horizon, a late arrival older than the lookback window is not re-read (the window is what is re-read)")
    func lateArrivalOutsideLookback() async throws {
        let scenario = try await Self.lateScenario { $0.configuration.horizon = 0 }
        #expect(Set(scenario.difference.missing) == Set(scenario.outside), "exactly the late arrivals older than the window are missed")
    }

    @Test("with the horizon, a late arrival older than the lookback window is found by the sweep, which reads a range at most once")
    func lateArrivalFoundBySweep() async throws {
        let scenario = try await Self.lateScenario { $0.configuration.sweepInterval = 0 }
        #expect(scenario.difference.missing.isEmpty, "the late arrivals older than the window are found too")
        #expect(scenario.second.report.accounts[0].late == scenario.outside.count)
        // The second run reads its lookback, one count, and the ranges that gained events at most once: no
        // more than the first run's read of the whole span, and the lookback's page and the count.
        let (requests, whole) = (scenario.second.report.accounts[0].requests.requests, scenario.first.report.accounts[0].requests.requests)
        #expect(requests <= whole + 2, "the second run sent \(requests) requests, the first \(whole)")
    }

    @Test("250 pages of backlog: past the API's 100-page limit, every event once, in order")
    func backlogPastPageLimit() async throws {
        var simulator = ConnectorFixture.simulator(events: 25_050)
        simulator.adversarialShare = 0.01
        try await ConnectorFixture.with(simulator) { fixture in
            let run = await fixture.run { $0.configuration.threads = 4 }
            #expect(run.status == .success, "\(run.diagnostics)")
            let summary = run.report.accounts[0]
            #expect(summary.delivered == 25_050)
            #expect(summary.pages >= 251)
            #expect(summary.requests.tokensFetched == 1 && fixture.sim.stats.tokensIssued == 1, "one token serves every page")
            #expect(fixture.sim.stats.requestsByStatus[422] == nil, "no page beyond 100 was asked for")
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            #expect(delivered.events.map(\.id) == fixture.truth().map(\.id))
        }
    }

    @Test("a burst of more events at one instant than 99 pages hold: a warning names it, every event of other instants once")
    func burstBeyondPageLimit() async throws {
        var simulator = ConnectorFixture.simulator(events: 24_000)
        simulator.adversarialShare = 0
        simulator.bursts = Bursts(every: 20_000, sizes: 10_300...10_300)
        try await ConnectorFixture.with(simulator) { fixture in
            let huge = Dictionary(grouping: fixture.truth(), by: \.createdAt).filter { $0.value.count > 9_900 }
            #expect(!huge.isEmpty, "the emulator made a burst larger than 99 pages")
            let run = await fixture.run { $0.configuration.threads = 8 }
            #expect(run.status == .success, "\(run.diagnostics)")
            for instant in huge.keys {
                #expect(run.diagnostics.contains { $0.contains("warning: key ") && $0.contains("more than 9900 events share created_at \(instant)") },
                    "\(run.diagnostics)")
            }
            #expect(fixture.sim.stats.requestsByStatus[422] == nil, "no page beyond 100 was asked for")
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            #expect(delivered.repeated.isEmpty)
            let missing = Set(delivered.difference(from: fixture.truthIDs()).missing)
            #expect(missing.isSubset(of: Set(huge.values.joined().map(\.id))), "only events of those instants can be missing")
            #expect(missing.count <= huge.values.map { $0.count - 9_900 }.reduce(0, +), "9 900 of each such instant delivered (\(missing.count) missing)")
        }
    }

    @Test("events dated days ahead of this host's clock are delivered with a warning, but do not move the checkpoint past real events")
    func eventsAheadOfTheClock() async throws {
        var simulator = ConnectorFixture.simulator(events: 1_000)
        simulator.span = .seconds(10 * 86_400)
        try await ConnectorFixture.with(simulator) { fixture in
            // This host's clock says 5 days before the emulator's newest event: the last ~4 days are "ahead".
            let hostNow = fixture.sim.configuration.now.adding(seconds: -5 * 86_400)
            let ceiling = hostNow.adding(seconds: 86_400)
            let ahead = fixture.truth().filter { $0.createdAt > ceiling }
            #expect(ahead.count > 100 && ahead.count < 1_000)
            let first = await fixture.run { $0.configuration.now = { hostNow } }
            #expect(first.status == .success, "\(first.diagnostics)")
            #expect(first.report.accounts[0].delivered == 1_000)
            #expect(first.diagnostics.contains { $0.contains("warning: key ") && $0.contains("\(ahead.count) events dated more than a day ahead of this host's clock") },
                "\(first.diagnostics)")
            let newest = try #require(first.report.accounts[0].newest)
            #expect(newest <= ceiling, "the checkpoint stays at the newest event not ahead of the clock")
            #expect(newest == fixture.truth().map(\.createdAt).filter { $0 <= ceiling }.max())

            // A later event within the clock's reach is still read; those ahead are read again and dropped.
            let second = await fixture.run { $0.configuration.now = { hostNow } }
            #expect(second.status == .success, "\(second.diagnostics)")
            #expect(second.report.accounts[0].delivered == 0)
            #expect(second.report.accounts[0].repeats >= ahead.count)
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            #expect(delivered.repeated.isEmpty)
            #expect(delivered.difference(from: fixture.truthIDs()).isEmpty)
        }
    }

    @Test("--starting applies to the first run only, and is clamped to Halo's 90 days with a warning")
    func startingPoint() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 1_000)) { fixture in
            let truth = fixture.truth()
            let start = truth[400].createdAt

            let first = await fixture.run { $0.configuration.starting = start }
            #expect(first.status == .success)
            let expected = truth.filter { $0.createdAt >= start }.map(\.id)
            #expect(try DeliveredEvents(lines: fixture.outputLines()).events.map(\.id) == expected)

            // With a checkpoint, --starting is ignored (even a much earlier one).
            let second = await fixture.run { $0.configuration.starting = truth[0].createdAt }
            #expect(second.report.accounts[0].delivered == 0)

            // An account without a checkpoint and a --starting beyond 90 days: clamped, with one warning.
            try FileManager.default.removeItem(atPath: fixture.configDirectory)
            try FileManager.default.removeItem(atPath: fixture.outputFile)
            let old = await fixture.run { $0.configuration.starting = HaloTimestamp(secondsSince1970: Date().timeIntervalSince1970 - 200 * 86_400) }
            #expect(old.status == .success)
            #expect(old.diagnostics.filter { $0.contains("more than 90 days ago") }.count == 1)
            #expect(old.report.accounts[0].delivered == truth.count)
        }
    }

    @Test("--limit stops each account after N events; the next run goes on from there")
    func limitPerAccount() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(accounts: 3, events: 700)) { fixture in
            for expected in [250, 250, 200, 0] {
                let run = await fixture.run { $0.configuration.limit = 250 }
                #expect(run.status == .success)
                #expect(run.report.accounts.map(\.delivered) == [expected, expected, expected])
            }
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            #expect(delivered.repeated.isEmpty && delivered.difference(from: fixture.truthIDs()).isEmpty)
        }
    }
}
