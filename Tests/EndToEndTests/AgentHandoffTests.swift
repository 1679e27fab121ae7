import Foundation
import HaloTesting
import Testing

/// The installed logrotate file, run by the real logrotate, hands the CEF log over to the agent model
/// (`halo-sidbuilder tail`, reading like ossim-agent at 1 000 lines a second) while the installed cron
/// line runs the real connector: what reaches the model is every Halo event, exactly once.
@Suite struct AgentHandoffTests {
    /// A catch-up of 100 000 events (4 accounts of 25 000: half visible at once, half arriving in 30 waves of
    /// late arrivals 6 s apart; an account's cursor keeps 50 000 ids, so late arrivals of one account stay
    /// within it), `logrotate -f` 10 times at random moments once a run has written lines (a forced
    /// rotation of an empty log does nothing: `notifempty`), then logrotate's daily run: every event
    /// reaches the model once; each rotation the rotator counts really cut the log and the model followed it.
    @Test(.timeLimit(.minutes(15)))
    func catchUpWithForcedAndDailyRotationsReachesTheAgentExactlyOnce() throws {
        try Self.catchUpWithRotations(handOff: true)
    }

    /// The same catch-up and rotations with the logrotate file as it was shipped before the hand-off (the
    /// installed one without its `prerotate`): what the agent model had not read of each renamed log is lost.
    @Test(.timeLimit(.minutes(15)))
    func withTheLogrotateFileShippedBeforeRotationsLoseWhatTheAgentHadNotRead() throws {
        try Self.catchUpWithRotations(handOff: false)
    }

    static func catchUpWithRotations(handOff: Bool) throws {
        let waves = 30, waveDelay = 6.0
        let deployment = try CronDeployment(
            simulatorArguments: ["--accounts", "4", "--events", "25000", "--seed", "15", "--span", "240s",
                                 "--late-window", "240s", "--late-every", "2", "--late-delay", "\(Int(waveDelay))s",
                                 "--late-waves", "\(waves)"],
            installVariables: ["ROTATE": "1000"])
        let started = Date()
        let root = deployment.installation.root
        let truthIDs = Set(try deployment.simulator.truthIDs())
        #expect(truthIDs.count == 100_000)
        let agent = AgentModel(deployment.installation)
        try agent.start()
        defer { agent.stop() }

        // 10 forced rotations, each 0.5 to 5 s after the previous one and once the log has lines (up to 15 s),
        // then the daily run with a state file that makes the log due; in a process of its own, so its pace
        // does not depend on the test's threads. It prints how many times the log's path named a new file.
        var random = SeededRandom(seed: 42)
        let gaps = (0..<10).map { _ in String(format: "%.2f", Double.random(in: 0.5...5, using: &random)) }
        var configuration = try String(contentsOfFile: deployment.installation.logrotateFile, encoding: .utf8)
        if !handOff, let prerotate = configuration.range(of: "\tprerotate"), let end = configuration.range(of: "endscript\n", range: prerotate.upperBound..<configuration.endIndex) {
            configuration.removeSubrange(prerotate.lowerBound..<end.upperBound)
        }
        #expect(configuration.contains("endscript") == handOff, "\(configuration)")
        let logrotate = try Logrotate(configuration: configuration, in: root)
        let rotator = try RunningProcess("/bin/sh", ["-c", """
            logrotate=$1 state=$2 config=$3 log=$4; shift 4
            rotated=0
            rotate() {
                i=0; while [ ! -s "$log" ] && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
                [ -s "$log" ] || return 0
                before=$(stat -c %i -- "$log")
                "$logrotate" "$@" -s "$state" "$config" || exit 1
                [ "$(stat -c %i -- "$log" 2>/dev/null)" = "$before" ] || rotated=$((rotated + 1))
            }
            for gap in "$@"; do
                sleep "$gap"
                rotate -f
            done
            printf 'logrotate state -- version 2\\n"%s" 2000-1-1-0:0:0\\n' "$log" > "$state"
            rotate
            echo "$rotated"
            """, "rotator", Logrotate.executable, logrotate.stateFile, logrotate.configuration, deployment.installation.cefLog] + gaps)
        defer { rotator.stop() }

        // The cron line, every second, while the rotator works and until the last wave has had a run;
        // a run that finds the hand-off holding the lock exits 75 at once, as with any run in progress.
        let lastWave = started.addingTimeInterval(Double(waves + 1) * waveDelay + 2)
        var runs = 0, lockHeld = 0
        while runs + lockHeld < 900, rotator.isRunning || Date() < lastWave {
            let run = try deployment.runConnector()
            if run.status == 75 { lockHeld += 1 } else {
                try #require(run.status == 0, "connector run exited \(run.status): \(deployment.messages())")
                runs += 1
            }
            usleep(1_000_000)
        }
        let rotatorResult = try rotator.wait(timeout: 900)
        try #require(rotatorResult.status == 0, "logrotate failed: \(rotatorResult.stderr)\n\(deployment.messages())")
        let rotations = try #require(Int(rotatorResult.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        // Runs until one delivers nothing more.
        for _ in 0..<10 {
            let before = deployment.messages().count
            try #require(try deployment.runConnector().status == 0)
            let said = deployment.messages().dropFirst(before).split(separator: "\n")
            if said.allSatisfy({ !$0.contains(" events delivered") || $0.contains("ok, 0 events delivered") }) { break }
        }
        // Without the hand-off the model never gets them all: it has read everything it will once it reads nothing for 10 s.
        let read = agent.waitForLines(truthIDs.count, within: 300, stillFor: handOff ? .infinity : 10)
        usleep(3_000_000)  // anything read twice would show now
        var seen: [String: Int] = [:]
        for line in agent.received() {
            let cef = try CEFLine(parsing: String(line))
            seen[cef["externalId"] ?? "", default: 0] += 1
        }
        let duplicated = seen.filter { $0.value > 1 }.keys
        let missing = truthIDs.subtracting(seen.keys)
        guard handOff else {
            #expect(missing.count > 0, "nothing lost without the hand-off: the rotations did not come while the agent lagged")
            #expect(duplicated.isEmpty, "\(duplicated.count) events reached it more than once")
            print("agent hand-off, logrotate file shipped before it: \(missing.count) of \(truthIDs.count) events never reached the agent model; \(runs) runs, \(seen.count) events received in \(Int(Date().timeIntervalSince(started))) s")
            return
        }
        #expect(missing.isEmpty, "\(missing.count) events never reached the agent model (\(read) lines read), e.g. \(Array(missing.prefix(3)))")
        #expect(duplicated.isEmpty, "\(duplicated.count) events reached it more than once, e.g. \(Array(duplicated.prefix(3)))")
        #expect(Set(seen.keys).subtracting(truthIDs).isEmpty)

        // The rotations happened, during the catch-up: each one the rotator counted left a generation with
        // lines, and the model switched files as often; the hand-off never had to put a rotation off.
        let log = try RotatedLog(path: deployment.installation.cefLog)
        let rotatedWithLines = log.generations.dropLast().filter { !$0.bytes.isEmpty }
        let switches = (agent.process?.stderr ?? "").components(separatedBy: "rotation of").count - 1
        #expect(rotations >= 5, "only \(rotations) of 11 rotations had lines to rotate")
        #expect(rotatedWithLines.count == rotations, "\(rotatedWithLines.count) rotated generations hold lines, \(rotations) rotations counted")
        #expect(switches == rotations, "the model saw \(switches) rotations of \(rotations)")
        #expect(!deployment.messages().contains("put off"), "\(deployment.messages())")
        print("agent hand-off: \(rotations) rotations (\(log.generations.count) generations), \(switches) seen by the model, \(runs) runs (\(lockHeld) found the lock held), \(seen.count) events received in \(Int(Date().timeIntervalSince(started))) s")
    }
}
