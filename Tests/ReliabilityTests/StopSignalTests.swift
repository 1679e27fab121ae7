import Foundation
import HaloConnector
import HaloEventsCommand
import HaloOutput
import HaloPlatform
import HaloSimulator
import HaloTesting
import Testing

/// `halo-events` stops cleanly on SIGTERM and SIGINT: requests in flight and retry waits are cancelled,
/// the batches in hand are written and committed, exit 143. A second signal ends a stuck run at once.
@Suite("Stop signals", .serialized) struct StopSignalTests {
    @Test("SIGINT while every account waits for a slow answer: exit 143 at once, each account says it stopped, nothing written or pending")
    func interruptWhileWaiting() async throws {
        var simulator = ConnectorFixture.simulator(accounts: 2, events: 300)
        simulator.latency = .seconds(15)   // the first answers are 15 s away
        try await ConnectorFixture.with(simulator) { fixture in
            let run = try HaloEventsProcess.start(HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile) + ["--timeout=60"])
            try await waitForLock(of: run, in: fixture)
            try await Task.sleep(for: .milliseconds(500))   // the accounts' first requests are out, answers 15 s away
            let signalled = ContinuousClock.now
            run.send(SIGINT)
            let result = try await run.finished(timeout: 60)
            let waited = (ContinuousClock.now - signalled).seconds
            #expect(!result.signaled && result.status == ExitStatus.stopped.rawValue, "\(result.status): \(result.stderr)")
            #expect(waited < 5, "the stop did not wait for the slow answer (\(waited) s)")
            #expect(result.stderr.contains("SIGINT received: stopping"), "\(result.stderr)")
            for account in fixture.sim.accounts {
                #expect(result.stderr.contains("key \(account.keyID): stopped, 0 events delivered"), "\(result.stderr)")
            }
            #expect((FileIdentity.of(path: fixture.outputFile)?.size ?? 0) == 0)
            let store = CheckpointStore(directory: fixture.configDirectory, authFile: fixture.authFile)
            for account in fixture.sim.accounts { #expect(try store.load(keyID: account.keyID)?.pending == nil) }
            let lock = try RunLock.acquire(in: fixture.configDirectory)
            withExtendedLifetime(lock) {}
            Campaign.report("stop-signal", [("seconds from SIGINT to exit, answers due in 15 s", String(format: "%.2f", waited))])
        }
    }

    @Test("a run stuck opening its output (a FIFO nobody reads): the first SIGTERM cannot finish it, the second ends it with 143")
    func secondSignalEndsAStuckRun() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 100)) { fixture in
            let fifo = fixture.directory.file("events.fifo")
            #expect(mkfifo(fifo, 0o600) == 0)
            let run = try HaloEventsProcess.start(HaloEventsProcess.arguments(for: fixture, output: fifo))
            try await waitForLock(of: run, in: fixture)
            try await Task.sleep(for: .milliseconds(300))   // now blocked in open(2) of the FIFO
            run.send(SIGTERM)
            try await Task.sleep(for: .milliseconds(500))
            #expect(run.isRunning, "an open(2) of a FIFO without reader does not end on a cancelled task")
            run.send(SIGTERM)
            let result = try await run.finished(timeout: 60)
            #expect(!result.signaled && result.status == ExitStatus.stopped.rawValue, "\(result.status): \(result.stderr)")
            #expect(result.stderr.contains("SIGTERM received again: exiting now"), "\(result.stderr)")
            #expect(fixture.sim.stats.totalRequests == 0, "nothing was read")
        }
    }

    /// Waits (bounded) until `run` holds the lock of the fixture's config directory.
    private func waitForLock(of run: RunningProcess, in fixture: ConnectorFixture) async throws {
        let lockFile = (fixture.configDirectory as NSString).appendingPathComponent(RunLock.fileName)
        var polls = 0
        while (try? String(contentsOfFile: lockFile, encoding: .utf8))?.contains("\(run.pid)") != true, run.isRunning, polls < 5_000 {
            try await Task.sleep(for: .milliseconds(2))
            polls += 1
        }
    }
}
