import Foundation
import HaloTesting
import Testing

/// The connector's memory does not grow with the backlog: pages are read a bounded window ahead and
/// written batch by batch, whatever the number of events waiting.
@Suite("Memory") struct MemoryBoundTests {
    @Test("halo-events' peak RSS for a 100 000-event backlog is that of a 10 000-event one, under 64 MiB")
    func peakRSSDoesNotGrowWithTheBacklog() throws {
        // A backlog as Halo keeps it: 90 days (the ids kept for late arrivals are those of the last 24 hours).
        let sim = try SimulatorProcess(events: 100_000, extra: ["--span", "90d"])
        defer { sim.stop() }
        let small = try peakRSS(sim, events: 10_000)
        let large = try peakRSS(sim, events: 100_000)
        print("halo-events peak RSS: \(small / 1024) KiB for 10 000 events, \(large / 1024) KiB for 100 000")
        #expect(large < 64 << 20, "\(large >> 20) MiB")
        #expect(Double(large) <= Double(small) * 1.15 + Double(4 << 20), "ten times the backlog: \(small >> 20) → \(large >> 20) MiB")
    }

    /// Peak RSS in bytes of one `halo-events` run over the first `events` events, from the kernel's own
    /// account (`ru_maxrss` of the only child of a Python parent).
    private func peakRSS(_ sim: SimulatorProcess, events: Int) throws -> Int {
        let state = sim.directory.file("state-\(events)")
        let arguments = sim.arguments(output: nil, configDirectory: state)
            + ["--ceffile=\(sim.directory.file("out-\(events).cef"))", "--limit=\(events)"]
        let script = """
            import resource, subprocess, sys
            code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
            print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        let result = try runProcess("/usr/bin/env", ["python3", "-c", script, HaloEventsProcess.path] + arguments, timeout: 300)
        let fields = result.stdout.split(whereSeparator: \.isWhitespace)
        try #require(fields.count == 2 && fields[0] == "0", "halo-events failed: \(result.stdout) \(result.stderr)")
        let lines = try OutputFile.lines(of: sim.directory.file("out-\(events).cef"))
        #expect(lines.count == events)
        return try #require(Int(fields[1])) * 1024
    }
}
