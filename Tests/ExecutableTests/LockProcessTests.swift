import Foundation
import HaloConnector
import HaloEventsCommand
import HaloOutput
import HaloPlatform
import HaloSimulator
import HaloTesting
import Testing

/// The run lock between real `halo-events` processes: one run at a time, and none left by a killed run.
@Suite("Run lock: halo-events processes") struct LockProcessTests {
    @Test("two halo-events started at once: one runs, the other exits 75; nothing is interleaved or lost")
    func twoProcessesAtOnce() throws {
        let sim = try SimulatorProcess(events: 4_000, extra: ["--latency", "20ms"])
        defer { sim.stop() }
        do {
            let arguments = sim.arguments(output: sim.outputFile) + ["--threads=1"]
            let first = try HaloEventsProcess.start(arguments)
            // Wait until the first run holds the lock (it writes its pid into the lock file).
            let lockFile = (sim.configDirectory as NSString).appendingPathComponent(RunLock.fileName)
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
            let delivered = try DeliveredEvents(lines: sim.outputLines())
            #expect(try delivered.events.compactMap(\.id) == sim.truthIDs(account: 0))
        }
    }

    @Test("a run killed with -9 leaves no stale lock")
    func killedRunLeavesNoLock() throws {
        let sim = try SimulatorProcess(events: 3_000, extra: ["--latency", "20ms"])
        defer { sim.stop() }
        do {
            let run = try HaloEventsProcess.start(sim.arguments(output: sim.outputFile) + ["--threads=1"])
            var polls = 0
            while (FileIdentity.of(path: sim.outputFile)?.size ?? 0) == 0, polls < 4_000 {
                usleep(5_000)
                polls += 1
            }
            run.send(SIGKILL)
            let result = try run.wait(timeout: 30)
            #expect(result.signaled)
            let lock = try RunLock.acquire(in: sim.configDirectory)
            withExtendedLifetime(lock) {}
        }
    }
}
