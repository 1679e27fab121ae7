import Foundation
import HaloConnector
import HaloEventsCommand
import HaloSimulator
import HaloTesting
import Testing

/// Cron firing a second `halo-events` while the first still works, again and again: the second exits at
/// once with the lock code (75) and touches nothing; the first delivers everything exactly once.
///
/// Short form: 10 overlaps. Long form (`HALO_CAMPAIGN=full`): 100.
@Suite("Overlap campaign", .serialized) struct OverlapCampaignTests {
    @Test("a second run started while the first works exits 75; nothing interleaved or lost")
    func overlappingRuns() async throws {
        let rounds = Campaign.size(short: 10, full: 100)
        let seed = Campaign.seed(7_575)
        var simulator = ConnectorFixture.simulator(accounts: 2, events: 800, seed: seed)
        simulator.latency = .milliseconds(50)   // a first run of 0.8 s at least (16 pages), however fast the machine
        let began = ContinuousClock.now
        try await ConnectorFixture.with(simulator) { fixture in
            let truth = fixture.sim.accounts.indices.flatMap { fixture.truth(account: $0) }
            var random = SeededRandom(seed: seed)
            var overlaps = 0, lockExits = 0, secondWaits: [Double] = []
            var lost = 0, duplicated = 0, unexpected = 0

            for round in 0..<rounds {
                // Each round a fresh config directory and output, so the first run has a whole catch-up to do.
                let state = fixture.directory.file("state-\(round)"), output = fixture.directory.file("out-\(round).json")
                let arguments = HaloEventsProcess.arguments(for: fixture, output: output, configDirectory: state) + ["--threads=1"]
                let first = try HaloEventsProcess.start(arguments)
                let lockFile = (state as NSString).appendingPathComponent(RunLock.fileName)
                var polls = 0
                while (try? String(contentsOfFile: lockFile, encoding: .utf8))?.contains("\(first.pid)") != true, polls < 4_000 {
                    try await Task.sleep(for: .milliseconds(2))
                    polls += 1
                }
                try await Task.sleep(for: .milliseconds(Int(random.next() % 200)))   // somewhere in the first run's work

                let firstRunningAtStart = first.isRunning
                let started = ContinuousClock.now
                let second = try await HaloEventsProcess.finish(arguments, timeout: 60)
                secondWaits.append((ContinuousClock.now - started).seconds)
                let firstResult = try await first.finished(timeout: 120)
                #expect(firstResult.status == 0, "round \(round): \(firstResult.stderr)")
                if second.status == ExitStatus.lockHeld.rawValue {
                    lockExits += 1
                    #expect(firstRunningAtStart, "round \(round): only a running first run holds the lock")
                    #expect(second.stderr.contains("another halo-events run (pid \(first.pid)) holds"), "\(second.stderr)")
                    #expect(second.stdout.isEmpty)
                } else {
                    // The first run ended before the second took the lock: the second found nothing new.
                    #expect(second.status == 0, "round \(round): \(second.stderr)")
                }
                if firstRunningAtStart { overlaps += 1 }

                let (lines, torn) = try OutputFile.read(output)
                let audit = DeliveryAudit(lines: lines, truth: truth)
                #expect(!torn && audit.isExact, "round \(round): \(audit)")
                lost += audit.lost
                duplicated += audit.duplicated
                unexpected += audit.unexpected + audit.altered
            }
            #expect(overlaps >= rounds * 9 / 10, "the second run started while the first worked in \(overlaps) of \(rounds) rounds")
            #expect(lockExits >= rounds * 8 / 10, "the second run met the first one's lock in \(lockExits) of \(rounds) rounds")

            Campaign.report("overlap", [
                "seed": "\(seed)",
                "rounds": "\(rounds)",
                "rounds where the second run overlapped the first": "\(overlaps)",
                "second runs that exited 75 (lock held)": "\(lockExits)",
                "slowest exit of a second run (s)": String(format: "%.2f", secondWaits.max() ?? 0),
                "events lost (all rounds)": "\(lost)",
                "events duplicated (all rounds)": "\(duplicated)",
                "lines interleaved, altered or foreign": "\(unexpected)",
                "seconds": String(format: "%.0f", (ContinuousClock.now - began).seconds),
            ])
        }
    }
}
