import Foundation
import HaloTesting
import Testing

/// `--agent-lag-warning LINES`: after a run into the agent's CEF file, the real `halo-events` warns when
/// ossim-agent has more than LINES lines left to read (here it has read none: the whole file), not at or
/// below them, never with 0; a negative value is a usage error.
@Suite struct AgentLagWarningTests {
    @Test func warnsAboveTheThresholdOnly() throws {
        let sim = try SimulatorProcess(events: 300)
        defer { sim.stop() }
        try FileManager.default.createDirectory(atPath: sim.configDirectory + "/agent", withIntermediateDirectories: true)
        let log = sim.directory.file("halo.log")
        let base = HaloEventsProcess.arguments(authFile: sim.authFile, configDirectory: sim.configDirectory, url: sim.baseURL, output: nil)
            + ["--ceffile=\(log)"]
        let behind = "ossim-agent is 300 lines behind in \(log)"
        // The first run writes the 300 lines; later runs write none and find the agent as far behind.
        for (threshold, warns) in [(300, false), (299, true), (0, false), (100_000, false), (1, true)] {
            let run = try HaloEventsProcess.run(base + ["--agent-lag-warning", String(threshold)])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains(behind) == warns, "--agent-lag-warning \(threshold): \(run.stderr)")
            if warns { #expect(run.stderr.contains("(more than \(threshold))"), "\(run.stderr)") }
        }
        #expect(try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").count == 300)
        let refused = try HaloEventsProcess.run(base + ["--agent-lag-warning=-5"])
        #expect(refused.status == 64 && refused.stderr.contains("--agent-lag-warning"), "\(refused.stderr)")
    }
}
