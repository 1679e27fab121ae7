import Foundation
import HaloConnector
import HaloModel
import HaloSIDMap
import Testing
import TestSupport

/// `--sidmap=DB`: SIDs come from the SID database, and the types it does not know are recorded in it.
@Suite("SID table") struct SIDMapTests {
    @Test("CEF lines carry the database's SIDs; unknown types are recorded once per run with their counts")
    func sidsAndUnmappedTypes() throws {
        let sim = try SimulatorProcess(events: 1_500, extra: ["--adversarial-share", "0"])
        defer { sim.stop() }
        let database = sim.directory.file("sids.sqlite")
        let store = try SIDStore.create(path: database, table: SIDSeed.builtIn)
        let resolver = SIDResolver(table: try store.loadTable())

        let result = try HaloEventsProcess.run(sim.arguments(output: nil) + ["--sidmap=\(database)", "--ceffile=\(sim.outputFile)"])
        #expect(result.status == 0, "\(result.stderr)")

        let truth = try sim.truth()[sim.accounts[0].keyID, default: []]
        let lines = try sim.outputLines()
        #expect(lines.count == truth.count)
        for (line, event) in zip(lines, truth) {
            let sid = line.split(separator: "|", maxSplits: 5, omittingEmptySubsequences: false)[4]
            #expect(sid == "\(resolver.classify(event).sid)", "\(event.type ?? event.name ?? "?")")
        }

        var expected: [String: Int] = [:]
        for event in truth where !resolver.classify(event).isMapped { expected[event.type ?? "", default: 0] += 1 }
        #expect(!expected.isEmpty, "the emulator serves types the seed does not know")
        let recorded = try store.unmappedSightings()
        #expect(Dictionary(uniqueKeysWithValues: recorded.map { ($0.type ?? "", $0.count) }) == expected)

        // A second run with nothing new records nothing more.
        let again = try HaloEventsProcess.run(sim.arguments(output: nil) + ["--sidmap=\(database)", "--ceffile=\(sim.outputFile)"])
        #expect(again.status == 0)
        #expect(try store.unmappedSightings().map(\.count) == recorded.map(\.count))
    }
}
