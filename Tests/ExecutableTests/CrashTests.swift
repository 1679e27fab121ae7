import Foundation
import HaloConnector
import HaloModel
import HaloTesting
import Testing

/// `kill -9` of the real `halo-events` at random points of a long run, then a rerun, again and again:
/// the file output ends up equal to the emulator's truth, nothing lost, nothing repeated.
@Suite("Crash safety") struct CrashTests {
    @Test("kill -9 at random points, rerun, repeated: 0 events lost, 0 repeated")
    func killNineCampaign() throws {
        let dir = try TemporaryDirectory("crash")
        let sim = try RunningProcess(SimulatorProcess.path, [
            "--port", "0", "--accounts", "2", "--events", "12000", "--seed", "41", "--no-late",
            "--latency", "3ms", "--auth-file", dir.file("halo.auth"), "--truth", dir.file("truth.jsonl"),
        ])
        defer { sim.stop() }
        let url = try #require(sim.firstLine(within: 60), "halo-sim did not start: \(sim.stderr)")

        let output = dir.file("events.json")
        let arguments = [
            "--auth=\(dir.file("halo.auth"))", "--configdir=\(dir.file("state"))", "--url=\(url)",
            "--jsonfile=\(output)", "--batchsize=37", "--threads=3", "--retry-base-delay=0.01",
        ]
        var random = SeededRandom(seed: 20_240_501)
        var killedMidRun = 0
        for round in 0..<15 {
            let run = try HaloEventsProcess.start(arguments)
            usleep(UInt32(50_000 + random.next() % 700_000))
            let wasRunning = run.isRunning
            run.send(SIGKILL)
            let result = try run.wait(timeout: 60)
            if wasRunning && result.signaled { killedMidRun += 1 }
            #expect(result.signaled || result.status == 0, "round \(round): \(result.stderr)")
        }
        let final = try HaloEventsProcess.run(arguments, timeout: 300)
        #expect(final.status == 0, "\(final.stderr)")
        #expect(killedMidRun >= 10, "most kills landed inside a run (\(killedMidRun) of 15)")

        let truth = try String(contentsOfFile: dir.file("truth.jsonl"), encoding: .utf8).split(separator: "\n").map { line in
            try JSONDecoder().decode(TruthLine.self, from: Data(line.utf8)).event.id ?? ""
        }
        let delivered = try DeliveredEvents(lines: OutputFile.lines(of: output))
        let difference = delivered.difference(from: truth)
        #expect(truth.count == 24_000)
        #expect(difference.missing.isEmpty, "\(difference.missing.count) events lost")
        #expect(delivered.repeated.isEmpty, "\(delivered.repeated.count) events repeated")
        #expect(difference.unexpected.isEmpty)
    }
}

/// A line of `halo-sim --truth`.
private struct TruthLine: Decodable {
    var account: String
    var event: HaloEvent
}
