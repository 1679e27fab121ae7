import Foundation
import HaloConnector
import HaloModel
import HaloTesting
import Testing

/// `--types` and `--exclude-types` on the real `halo-events` against halo-sim: the delivered set is the
/// truth filtered, the filtered events are counted and move the checkpoint, and a second run reads
/// nothing new.
@Suite("Event type filters") struct TypeFilterTests {
    @Test("--types and --exclude-types deliver the truth filtered; filtered events move the checkpoint and are not read again")
    func filters() throws {
        let sim = try SimulatorProcess(events: 1_500)
        defer { sim.stop() }
        let truth = try sim.truth(account: 0)
        // The two most frequent types.
        let counts = Dictionary(truth.compactMap(\.type).map { ($0, 1) }, uniquingKeysWith: +)
        let chosen = Set(counts.sorted { ($0.value, $0.key) > ($1.value, $1.key) }.prefix(2).map(\.key))
        try #require(chosen.count == 2)
        let keyID = sim.accounts[0].keyID
        let list = chosen.sorted().joined(separator: ",")

        for (flag, admitted) in [("--types=\(list)", { (e: HaloEvent) in e.type.map(chosen.contains) ?? false }),
                                 ("--exclude-types=\(list)", { (e: HaloEvent) in !(e.type.map(chosen.contains) ?? false) })] {
            let work = try TemporaryDirectory("types")
            let arguments = sim.arguments(output: work.file("out.json"), configDirectory: work.file("state")) + [flag, "--lookback=1s"]
            let first = try HaloEventsProcess.run(arguments)
            #expect(first.status == 0, "\(flag): \(first.stderr)")
            let expected = truth.filter(admitted)
            let delivered = try DeliveredEvents(lines: try OutputFile.lines(of: work.file("out.json")))
            #expect(delivered.events.compactMap(\.id) == expected.compactMap(\.id), "\(flag): the truth filtered, in order")
            let summary = StampedLines.lines(of: first.stderr)
            #expect(summary.count == 1 && summary[0].contains(": ok, \(expected.count) events delivered, \(truth.count - expected.count) filtered out by type, "), "\(flag): \(summary)")

            // The checkpoint is past the newest event, whatever its type.
            let checkpoint = try #require(try CheckpointStore(directory: work.file("state"), authFile: sim.authFile).load(keyID: keyID))
            #expect(checkpoint.cursor.newest == truth.compactMap(\.createdAt).max(), "\(flag)")

            // Nothing new: nothing delivered, nothing filtered again.
            let second = try HaloEventsProcess.run(arguments)
            #expect(second.status == 0, "\(flag): \(second.stderr)")
            let again = StampedLines.lines(of: second.stderr)
            #expect(again.count == 1 && again[0].contains(": ok, 0 events delivered, ") && !again[0].contains("filtered"), "\(flag): \(again)")
            #expect(try OutputFile.lines(of: work.file("out.json")).count == expected.count)
        }
    }
}
