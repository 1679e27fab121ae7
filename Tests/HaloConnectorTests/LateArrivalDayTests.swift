import Foundation
@testable import HaloConnector
import HaloEventsCommand
import HaloModel
import HaloSimulator
import Testing
import HaloTesting

/// A day of 5-minute runs against a live emulator (its clock advanced between runs) whose agents upload
/// events from 1 minute to 20 hours late: with the horizon every event once; the requests per run and the
/// checkpoint size it costs, against the same day read with the lookback alone.
@Suite("A day of late arrivals") struct LateArrivalDayTests {
    struct Day {
        var lost = 0
        var repeated = 0
        var late = 0
        var requestsPerRun = 0.0
        var checkpointBytes = 0
    }

    /// `accounts` × 10 000 events over 24 h, every 50th up to 20 h late (`late`); 288 runs 5 minutes apart,
    /// then one more that sweeps at once.
    static func day(accounts: Int = 3, late: Bool = true, horizon: Bool) async throws -> Day {
        var simulator = ConnectorFixture.simulator(accounts: accounts, events: 10_000, seed: 11)
        simulator.live = true
        simulator.clock = .manual()
        simulator.span = .seconds(86_400)
        simulator.lateArrivals = late ? LateArrivals(every: 50, window: .seconds(86_400), lateness: .seconds(60) ... .seconds(72_000)) : nil
        let clock = simulator.clock
        return try await ConnectorFixture.with(simulator) { fixture in
            let sim = fixture.sim
            var day = Day()
            func run(sweepNow: Bool) async {
                let run = await fixture.run {
                    $0.configuration.now = { sim.serviceTime }
                    if !horizon { $0.configuration.horizon = 0 }
                    if sweepNow { $0.configuration.sweepInterval = 0 }
                }
                #expect(run.status == .success, "\(run.diagnostics)")
                day.late += run.report.accounts.map(\.late).reduce(0, +)
            }
            let before = sim.stats
            for _ in 0..<288 {
                clock.advance(by: .seconds(300))
                await run(sweepNow: false)
            }
            let stats = sim.stats
            day.requestsPerRun = Double(stats.eventsRequests + stats.tokenRequests - before.eventsRequests - before.tokenRequests) / 288 / Double(accounts)
            await run(sweepNow: true)
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            let truth = (0..<accounts).flatMap { sim.visibleIDs(account: $0) }
            day.lost = delivered.difference(from: truth).missing.count
            day.repeated = delivered.repeated.count
            day.checkpointBytes = try FileManager.default.contentsOfDirectory(atPath: fixture.configDirectory)
                .filter { $0.hasSuffix(".checkpoint") }
                .map { try FileManager.default.attributesOfItem(atPath: fixture.configDirectory + "/" + $0)[.size] as! Int }
                .max() ?? 0
            return day
        }
    }

    @Test("with the horizon: 0 lost, 0 repeated; the lookback alone loses the late ones (figures printed)")
    func dayOfRuns() async throws {
        let withHorizon = try await Self.day(horizon: true)
        let lookbackOnly = try await Self.day(horizon: false)
        print("figure: a day of 5-minute runs, 3 accounts × 10 000 events, every 50th 1 min–20 h late: "
            + "horizon: \(withHorizon.lost) lost, \(withHorizon.repeated) repeated, \(withHorizon.late) found late, "
            + "\(String(format: "%.2f", withHorizon.requestsPerRun)) requests per run per account, largest checkpoint \(withHorizon.checkpointBytes) bytes; "
            + "lookback only: \(lookbackOnly.lost) lost, \(String(format: "%.2f", lookbackOnly.requestsPerRun)) requests per run per account, "
            + "largest checkpoint \(lookbackOnly.checkpointBytes) bytes")
        #expect(withHorizon.lost == 0 && withHorizon.repeated == 0)
        #expect(withHorizon.late > 0)
        #expect(lookbackOnly.lost > 0, "the day has late arrivals the lookback cannot catch (else this test proves nothing)")
    }

    @Test("a day without late arrivals: what the sweep costs when there is nothing to find (figures printed)")
    func quietDay() async throws {
        let withHorizon = try await Self.day(accounts: 1, late: false, horizon: true)
        let lookbackOnly = try await Self.day(accounts: 1, late: false, horizon: false)
        let extra = (withHorizon.requestsPerRun / lookbackOnly.requestsPerRun - 1) * 100
        print("figure: a quiet day of 5-minute runs, 10 000 events: horizon \(String(format: "%.3f", withHorizon.requestsPerRun)), "
            + "lookback only \(String(format: "%.3f", lookbackOnly.requestsPerRun)) requests per run (\(String(format: "%+.1f", extra)) %)")
        #expect(withHorizon.lost == 0 && lookbackOnly.lost == 0 && withHorizon.late == 0)
        #expect(extra <= 5, "one count request per --horizon-check is within 5 % of the requests a day takes")
    }
}
