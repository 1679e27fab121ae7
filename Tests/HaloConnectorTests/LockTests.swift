import Foundation
import HaloConnector
import HaloSimulator
import Testing
import TestSupport

/// One run at a time per config directory, and never a stale lock.
@Suite("Run lock") struct LockTests {
    @Test("a run that finds the lock held exits 75 at once and touches nothing")
    func lockHeldInProcess() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 100)) { fixture in
            let held = try RunLock.acquire(in: fixture.configDirectory)
            let began = ContinuousClock.now
            let run = await fixture.run()
            #expect(run.status == .lockHeld && run.status.rawValue == 75)
            #expect(ContinuousClock.now - began < .seconds(2))
            #expect(run.diagnostics.count == 1 && run.diagnostics[0].contains("another halo-events run (pid \(getpid())) holds"))
            #expect(!FileManager.default.fileExists(atPath: fixture.outputFile))
            #expect(fixture.sim.stats.totalRequests == 0)
            withExtendedLifetime(held) {}
            // Released with its holder: the next run goes ahead.
            let next = await fixture.run()
            #expect(next.status == .success)
        }
    }

    @Test("two halo-events started at once: one runs, the other exits 75; nothing is interleaved or lost")
    func twoProcessesAtOnce() async throws {
        var simulator = ConnectorFixture.simulator(events: 4_000)
        simulator.latency = .milliseconds(20)
        try await ConnectorFixture.with(simulator) { fixture in
            let arguments = HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile) + ["--threads=1"]
            let first = try HaloEventsProcess.start(arguments)
            // Wait until the first run holds the lock (it writes its pid into the lock file).
            let lockFile = (fixture.configDirectory as NSString).appendingPathComponent(RunLock.fileName)
            var polls = 0
            while (try? String(contentsOfFile: lockFile, encoding: .utf8))?.contains("\(first.pid)") != true, polls < 2_000 {
                usleep(5_000)
                polls += 1
            }
            let second = try HaloEventsProcess.run(arguments, timeout: 30)
            #expect(second.status == ExitStatus.lockHeld.rawValue, "\(second.stderr)")
            #expect(second.stderr.contains("another halo-events run (pid \(first.pid)) holds"))
            let result = try first.wait(timeout: 120)
            #expect(result.status == 0, "\(result.stderr)")
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            #expect(delivered.events.map(\.id) == fixture.truth().map(\.id))
        }
    }

    @Test("a run killed with -9 leaves no stale lock")
    func killedRunLeavesNoLock() async throws {
        var simulator = ConnectorFixture.simulator(events: 3_000)
        simulator.latency = .milliseconds(20)
        try await ConnectorFixture.with(simulator) { fixture in
            let run = try HaloEventsProcess.start(HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile) + ["--threads=1"])
            var polls = 0
            while fixture.sim.stats.eventsServed == 0, polls < 2_000 {
                usleep(5_000)
                polls += 1
            }
            run.send(SIGKILL)
            let result = try run.wait(timeout: 30)
            #expect(result.signaled)
            let lock = try RunLock.acquire(in: fixture.configDirectory)
            withExtendedLifetime(lock) {}
        }
    }
}
