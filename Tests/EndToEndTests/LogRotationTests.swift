import Foundation
import TestSupport
import Testing

/// The installed logrotate file run by the real logrotate while the installed cron line runs the real
/// connector against halo-sim, again and again.
@Suite struct LogRotationTests {
    /// Forced rotations every 100 ms, during connector runs and between them, until every event of
    /// the emulator's truth is delivered: each generation of the CEF log holds whole lines only, and
    /// together they hold every truth event exactly once.
    @Test(.timeLimit(.minutes(10)))
    func rotationWhileTheConnectorAppendsLosesAndSplitsNothing() throws {
        let deployment = try CronDeployment(
            simulatorArguments: ["--accounts", "2", "--events", "3000", "--seed", "7", "--latency", "60ms",
                                 "--span", "2h", "--late-window", "60s", "--late-delay", "2s", "--late-waves", "2"],
            installVariables: ["ROTATE": "1000"])
        let logrotate = try Logrotate(configuration: String(contentsOfFile: deployment.installation.logrotateFile, encoding: .utf8),
                                      in: deployment.installation.root)
        let truth = try deployment.simulator.truth()
        let truthIDs = Set(truth.map(\.id))
        #expect(truthIDs.count == truth.count)

        var rotationsDuringRuns = 0, runs = 0
        var delivered = 0
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline, runs < 40 {
            let run = try deployment.startConnector()
            runs += 1
            while run.isRunning {
                let rotation = try logrotate.forceRotation()
                try #require(rotation.status == 0, "logrotate -f failed: \(rotation.stderr)")
                if run.isRunning { rotationsDuringRuns += 1 }
                usleep(100_000)
            }
            let result = try run.wait()
            try #require(result.status == 0, "connector run \(runs) exited \(result.status): \(deployment.messages())")
            _ = try logrotate.forceRotation()
            delivered = try RotatedLog(path: deployment.installation.cefLog).lines.count
            if delivered >= truth.count { break }
            usleep(500_000)
        }

        let log = try RotatedLog(path: deployment.installation.cefLog)
        #expect(log.tornGenerations.isEmpty, "generations ending inside a line: \(log.tornGenerations)")
        var seen: [String: Int] = [:]
        for line in log.lines {
            #expect(line.hasPrefix("CEF:0|CloudPassage|CPHalo|"), "not a whole CEF line: \(line.prefix(160))")
            let cef = try CEFLine(line)
            seen[cef.extensions["externalId"] ?? "", default: 0] += 1
        }
        let duplicated = seen.filter { $0.value > 1 }.keys
        let missing = truthIDs.subtracting(seen.keys)
        let unknown = Set(seen.keys).subtracting(truthIDs)
        #expect(duplicated.isEmpty, "\(duplicated.count) events delivered more than once, e.g. \(Array(duplicated.prefix(3)))")
        #expect(missing.isEmpty, "\(missing.count) truth events missing after \(runs) runs, e.g. \(Array(missing.prefix(3)))")
        #expect(unknown.isEmpty, "\(unknown.count) lines not from the truth, e.g. \(Array(unknown.prefix(3)))")
        // The rotations really did cut through the deliveries.
        let withLines = log.generations.filter { !$0.bytes.isEmpty }
        #expect(rotationsDuringRuns >= 5, "only \(rotationsDuringRuns) rotations happened during connector runs")
        #expect(withLines.count >= 5, "the events ended up in only \(withLines.count) generations")
        #expect(log.generations.contains { $0.name.hasSuffix(".gz") }, "no generation was compressed")
        // The messages log (the cron line's 2>>) rotates too and keeps every run's summary whole.
        let messages = try RotatedLog(path: deployment.installation.messagesLog)
        #expect(messages.tornGenerations.isEmpty)
        #expect(messages.lines.allSatisfy { $0.hasPrefix("halo-events: ") }, "\(messages.lines.prefix(5))")
    }
}
