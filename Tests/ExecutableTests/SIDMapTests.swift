import Foundation
import HaloConnector
import HaloEventsCommand
import HaloModel
import HaloSIDMap
import HaloTesting
import Testing

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

        let truth = try sim.truth(account: 0)
        let lines = try sim.outputLines()
        #expect(lines.count == truth.count)
        for (line, event) in zip(lines, truth) {
            let sid = line.split(separator: "|", maxSplits: 5, omittingEmptySubsequences: false)[4]
            #expect(sid == "\(resolver.classify(event).sid)", "\(event.type ?? event.name ?? "?")")
        }

        var expected: [String: Int] = [:]
        var span: [String: ClosedRange<Double>] = [:]
        for event in truth where !resolver.classify(event).isMapped {
            let type = event.type ?? ""
            expected[type, default: 0] += 1
            let t = try #require(event.createdAt).secondsSince1970
            span[type] = span[type].map { min($0.lowerBound, t)...max($0.upperBound, t) } ?? t...t
        }
        #expect(!expected.isEmpty, "the emulator serves types the seed does not know")
        let recorded = try store.unmappedSightings()
        #expect(Dictionary(uniqueKeysWithValues: recorded.map { ($0.type ?? "", $0.count) }) == expected)
        for sighting in recorded {
            let seen = try #require(span[sighting.type ?? ""])
            #expect(abs(sighting.firstSeen.timeIntervalSince1970 - seen.lowerBound) < 0.002, "first seen of \(sighting.type ?? "")")
            #expect(abs(sighting.lastSeen.timeIntervalSince1970 - seen.upperBound) < 0.002, "last seen of \(sighting.type ?? "")")
        }

        // A second run with nothing new records nothing more.
        let again = try HaloEventsProcess.run(sim.arguments(output: nil) + ["--sidmap=\(database)", "--ceffile=\(sim.outputFile)"])
        #expect(again.status == 0)
        #expect(try store.unmappedSightings().map(\.count) == recorded.map(\.count))
    }

    @Test("unknown types are recorded with the batch that delivers them: a run killed -9 afterwards has recorded them")
    func unmappedTypesSurviveKillNine() throws {
        let sim = try SimulatorProcess(events: 4_000, extra: ["--adversarial-share", "0", "--latency", "60ms"])
        defer { sim.stop() }
        let database = sim.directory.file("sids.sqlite")
        let store = try SIDStore.create(path: database, table: SIDSeed.builtIn)
        let batch = 20
        let run = try HaloEventsProcess.start(
            sim.arguments(output: nil) + ["--sidmap=\(database)", "--ceffile=\(sim.outputFile)", "--batchsize=\(batch)", "--threads=1"])

        // Kill once the batch holding the first generic-SID line has been followed by two more batches: the
        // run has moved past it, and it is far from its end (40 pages of 60 ms).
        var firstGeneric: (index: Int, type: String)?
        for _ in 0..<1_500 where run.isRunning {
            let lines = (try? sim.outputLines()) ?? []
            if firstGeneric == nil, let index = lines.firstIndex(where: { $0.contains("|2000000000|") }) {
                firstGeneric = (index, String(lines[index].firstMatch(of: /cat=(\S+)/)!.1))
            }
            if let firstGeneric, lines.count >= (firstGeneric.index / batch + 3) * batch { break }
            usleep(5_000)
        }
        #expect(run.isRunning, "the run was still going when it was killed")
        run.send(SIGKILL)
        let result = try run.wait(timeout: 30)
        #expect(result.signaled, "\(result.stderr)")

        let seen = try #require(firstGeneric, "the run delivered an event of an unknown type")
        let recorded = try store.unmappedSightings().compactMap(\.type)
        #expect(recorded.contains(seen.type), "\(seen.type) recorded before the kill; recorded: \(recorded)")
    }

    @Test("--sidmap leaves no journal, -wal or -shm beside the table; a damaged table is refused (78) and left byte for byte")
    func tableLeftAsItWas() throws {
        let sim = try SimulatorProcess(events: 300, extra: ["--adversarial-share", "0"])
        defer { sim.stop() }
        let database = sim.directory.file("sids.sqlite")
        _ = try SIDStore.create(path: database, table: SIDSeed.builtIn)
        func companions() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: sim.directory.path).filter { $0.hasPrefix("sids.sqlite") && $0 != "sids.sqlite" }
        }
        let run = try HaloEventsProcess.run(sim.arguments(output: nil) + ["--sidmap=\(database)", "--ceffile=\(sim.outputFile)"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try companions() == [])

        // One page (not the header) overwritten: every run is refused before anything is read or written.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: database))
        bytes.replaceSubrange(4096 + 100..<8192, with: Data(repeating: 0xA5, count: 8192 - 4096 - 100))
        try bytes.write(to: URL(fileURLWithPath: database))
        let output = try Data(contentsOf: URL(fileURLWithPath: sim.outputFile))
        let damaged = try HaloEventsProcess.run(sim.arguments(output: nil) + ["--sidmap=\(database)", "--ceffile=\(sim.outputFile)"])
        #expect(damaged.status == ExitStatus.configuration.rawValue, "\(damaged.stderr)")
        #expect(damaged.stderr.contains("cannot use --sidmap=\(database)"), "\(damaged.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == bytes, "the damaged table is not modified")
        #expect(try companions() == [])
        #expect(try Data(contentsOf: URL(fileURLWithPath: sim.outputFile)) == output, "nothing was delivered")
    }
}
