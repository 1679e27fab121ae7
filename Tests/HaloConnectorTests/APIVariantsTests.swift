import Foundation
@testable import HaloConnector
import HaloEventsCommand
import HaloModel
import HaloSimulator
import Testing
import HaloTesting

/// The connector against every answer `../shared/reference/halo-api.md` says the real API may give (halo-sim
/// over HTTP on 127.0.0.1): 3 accounts × 20 000 events, a catch-up and a run after it, each exactly the truth
/// and exit 0, for three seeds.
@Suite("API variants") struct APIVariantsTests {
    enum Variant: String, CaseIterable, CustomTestStringConvertible {
        case unstableTieOrder, pageDepth50, perPage500, perPage500Refused, emptyPagination, nextNull, nextEmptyString,
            noPagination, notFoundPastTheEnd, gzip
        var testDescription: String { rawValue }

        func apply(to c: inout SimulatorConfiguration) {
            switch self {
            case .unstableTieOrder: c.tieOrder = .shuffledPerRequest
            case .pageDepth50: c.maxPage = 50
            case .perPage500: c.maxPerPage = 500
            case .perPage500Refused: c.maxPerPage = 100
            case .emptyPagination: c.lastPage = .emptyPagination
            case .nextNull: c.lastPage = .nextNull
            case .nextEmptyString: c.lastPage = .nextEmptyString
            case .noPagination: c.lastPage = .noPagination
            case .notFoundPastTheEnd: c.pastEnd = .notFound
            case .gzip: c.gzip = true
            }
        }

        var perPage: Int { self == .perPage500 || self == .perPage500Refused ? 500 : 100 }
    }

    @Test("every variant: each run delivers the truth exactly, exit 0", arguments: Variant.allCases, [1, 2, 3] as [UInt64])
    func variant(_ variant: Variant, seed: UInt64) async throws {
        var simulator = ConnectorFixture.simulator(accounts: 3, events: 20_000, seed: seed)
        variant.apply(to: &simulator)
        try await ConnectorFixture.with(simulator) { fixture in
            let first = await fixture.run { $0.configuration.perPage = variant.perPage }
            #expect(first.status == .success, "\(first.diagnostics)")
            let refusals = first.diagnostics.filter { $0.contains("refused pages of 500 events") }
            #expect(refusals.count == (variant == .perPage500Refused ? 1 : 0), "said once when refused, else never: \(refusals)")
            let second = await fixture.run { $0.configuration.perPage = variant.perPage }
            #expect(second.status == .success, "\(second.diagnostics)")
            #expect(second.report.accounts.allSatisfy { $0.delivered == 0 })
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            #expect(delivered.repeated.isEmpty)
            #expect(delivered.difference(from: fixture.truthIDs()).isEmpty)
        }
    }

    @Test("a checkpoint older than Halo's 90 days is clamped with one warning, and the run goes on (the service refuses older since)")
    func oldCheckpoint() async throws {
        var simulator = ConnectorFixture.simulator(accounts: 1, events: 2_000)
        simulator.retention = .seconds(90 * 86_400)
        try await ConnectorFixture.with(simulator) { fixture in
            let keyID = fixture.sim.accounts[0].keyID
            let store = CheckpointStore(directory: fixture.configDirectory, authFile: fixture.authFile)
            try FileManager.default.createDirectory(atPath: fixture.configDirectory, withIntermediateDirectories: true)
            let old = HaloTimestamp.now.adding(seconds: -100 * 86_400)
            try store.save(Checkpoint(keyID: keyID, cursor: DeliveryCursor(startingAt: old)))
            for _ in 0..<2 {
                let run = await fixture.run()
                #expect(run.status == .success, "\(run.diagnostics)")
            }
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            #expect(delivered.repeated.isEmpty && delivered.difference(from: fixture.truthIDs()).isEmpty)
            #expect(fixture.sim.stats.requestsByStatus[422] == nil, "no query older than the service keeps")
        }
    }

    @Test("unstable tie order: the extra requests the boundary reads cost on halo-sim's default bursts")
    func tieOrderCost() async throws {
        var counts: [String: Int] = [:]
        for order in [TieOrder.stable, .shuffledPerRequest] {
            var simulator = ConnectorFixture.simulator(accounts: 1, events: 20_000, seed: 5)
            simulator.tieOrder = order
            counts["\(order)"] = try await ConnectorFixture.with(simulator) { fixture in
                let run = await fixture.run()
                #expect(run.status == .success)
                let delivered = try DeliveredEvents(lines: fixture.outputLines())
                #expect(delivered.difference(from: fixture.truthIDs()).isEmpty)
                return fixture.sim.stats.eventsRequests
            }
        }
        print("figure: events requests for 20 000 events with halo-sim's default bursts: \(counts)")
        #expect(counts["shuffledPerRequest"]! >= counts["stable"]!)
    }
}
