import Foundation
import HaloConnector
import HaloEventsCommand
import HaloOutput
import HaloPlatform
import HaloSimulator
import HaloTesting
import Testing

/// One run at a time per config directory: an in-process run that finds the lock held. (Real processes,
/// and a killed run leaving no stale lock: ExecutableTests, LockProcessTests.)
@Suite("Run lock") struct LockTests {
    @Test("a run that finds the lock held exits 75 at once and touches nothing")
    func lockHeldInProcess() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 100)) { fixture in
            var held: RunLock? = try RunLock.acquire(in: fixture.configDirectory)
            let began = ContinuousClock.now
            let run = await fixture.run()
            #expect(run.status == .lockHeld && run.status.rawValue == 75)
            #expect(ContinuousClock.now - began < .seconds(2))
            #expect(run.diagnostics.count == 1 && run.diagnostics[0].contains("another halo-events run (pid \(getpid())) holds"))
            #expect(!FileManager.default.fileExists(atPath: fixture.outputFile))
            #expect(fixture.sim.stats.totalRequests == 0)
            #expect(held != nil)
            held = nil
            // Released with its holder: the next run goes ahead.
            let next = await fixture.run()
            #expect(next.status == .success)
        }
    }
}
