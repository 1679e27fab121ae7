import Foundation
import HaloTesting
import Testing

/// The installed logrotate file run by the real logrotate while the installed cron line runs the real
/// connector against halo-sim, again and again.
@Suite struct LogRotationTests {
    /// A shell loop forces rotations back to back (10 ms apart) while the connector runs, with the agent
    /// model reading the log (the hand-off waits for it before each rename), until every event of the
    /// emulator's truth is delivered: each generation of the CEF log holds whole lines only, together they
    /// hold every truth event exactly once, and so does what the agent model read.
    @Test(.timeLimit(.minutes(10)))
    func rotationWhileTheConnectorAppendsLosesAndSplitsNothing() throws {
        // Half the events arrive late, in waves 2 s apart: many runs deliver, each a batch the agent model
        // reads in well under a second, so that the hand-off lets rotations cut between them.
        let waves = 10
        let deployment = try CronDeployment(
            simulatorArguments: ["--accounts", "2", "--events", "2000", "--seed", "7", "--span", "240s",
                                 "--late-window", "240s", "--late-every", "2", "--late-delay", "2s", "--late-waves", "\(waves)"],
            installVariables: ["ROTATE": "1000"])
        let started = Date()
        let root = deployment.installation.root
        let logrotate = try Logrotate(configuration: String(contentsOfFile: deployment.installation.logrotateFile, encoding: .utf8), in: root)
        let truth = try deployment.simulator.truth().events
        let truthIDs = Set(truth.map(\.id))
        #expect(truthIDs.count == truth.count)
        let agent = AgentModel(deployment.installation)
        try agent.start()
        defer { agent.stop() }

        // The rotator: its own process, so its pace does not depend on this test's threads.
        let stop = root.file("rotator.stop"), count = root.file("rotator.count")
        let rotator = try RunningProcess("/bin/sh", ["-c", """
            i=0
            while [ $i -lt 3000 ] && [ ! -e "$4" ]; do
                "$1" -f -s "$2" "$3" || exit 1
                i=$((i + 1)); echo $i > "$5"
                sleep 0.01
            done
            """, "rotator", Logrotate.executable, logrotate.stateFile, logrotate.configuration, stop, count])
        defer { rotator.stop() }

        // Runs until the last wave of late arrivals ((waves + 1) × 2 s after the emulator started) has had a run
        // of its own. The log is read only once the rotator has stopped: mid-rotation its files are in motion.
        var runs = 0, lockHeld = 0
        let lastWave = started.addingTimeInterval(Double(waves + 1) * 2 + 1)
        while runs < 40, lockHeld < 400, rotator.isRunning {
            let runStart = Date()
            let run = try deployment.runConnector()
            if run.status == 75 {  // the hand-off held the lock: the run did nothing
                lockHeld += 1
                usleep(500_000)
                continue
            }
            runs += 1
            try #require(run.status == 0, "connector run \(runs) exited \(run.status): \(deployment.messages())")
            if runStart > lastWave { break }
            usleep(500_000)
        }
        try #require(FileManager.default.createFile(atPath: stop, contents: nil), "cannot create \(stop)")
        let rotatorResult = try rotator.wait(timeout: 60)
        #expect(rotatorResult.status == 0, "logrotate failed: \(rotatorResult.stderr)")
        let rotations = Int((try? String(contentsOfFile: count, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0

        let log = try RotatedLog(path: deployment.installation.cefLog)
        #expect(log.tornGenerations.isEmpty, "generations ending inside a line: \(log.tornGenerations)")
        var seen: [String: Int] = [:]
        for line in log.lines {
            #expect(line.hasPrefix("CEF:0|CloudPassage|CPHalo|"), "not a whole CEF line: \(line.prefix(160))")
            let cef = try CEFLine(parsing: String(line))
            seen[cef["externalId"] ?? "", default: 0] += 1
        }
        let duplicated = seen.filter { $0.value > 1 }.keys
        let missing = truthIDs.subtracting(seen.keys)
        let unknown = Set(seen.keys).subtracting(truthIDs)
        #expect(duplicated.isEmpty, "\(duplicated.count) events delivered more than once, e.g. \(Array(duplicated.prefix(3)))")
        #expect(missing.isEmpty, "\(missing.count) truth events missing after \(runs) runs, e.g. \(Array(missing.prefix(3)))")
        #expect(unknown.isEmpty, "\(unknown.count) lines not from the truth, e.g. \(Array(unknown.prefix(3)))")
        // The rotations really cut through the deliveries: the lines are spread over many generations.
        let withLines = log.generations.filter { !$0.bytes.isEmpty }
        #expect(withLines.count >= 5, "the events ended up in only \(withLines.count) generations (\(rotations) rotations, \(runs) runs)")
        // The agent model read every event once, across all those rotations (the hand-off holds the run lock,
        // so a rotation now lands between runs, never inside one).
        _ = agent.waitForLines(truthIDs.count, within: 120)
        let received = try agent.received().map { try CEFLine(parsing: String($0))["externalId"] ?? "" }
        #expect(Set(received) == truthIDs && received.count == truthIDs.count,
                "the agent model read \(received.count) lines, \(Set(received).count) events, of \(truthIDs.count)")
        #expect(log.generations.contains { $0.name.hasSuffix(".gz") }, "no generation was compressed")
        // The messages log (the cron line's 2>>) rotates too and keeps every run's summary whole.
        let messages = try RotatedLog(path: deployment.installation.messagesLog)
        #expect(messages.tornGenerations.isEmpty)
        let summaries = messages.lines.map { StampedLines.unstamped($0) }.filter { !$0.hasPrefix("halo-events: error: another halo-events run") }
        #expect(messages.lines.count - summaries.count == lockHeld, "\(lockHeld) runs found the lock held")
        #expect(summaries.count == 2 * runs, "\(summaries.count) summary lines for \(runs) runs of 2 accounts")
        #expect(summaries.allSatisfy { $0.hasPrefix("halo-events: key ") }, "\(summaries.filter { !$0.hasPrefix("halo-events: key ") })")
    }
}
