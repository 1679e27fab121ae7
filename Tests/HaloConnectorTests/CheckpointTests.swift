import Foundation
@testable import HaloConnector
import HaloEventsCommand
import HaloModel
import HaloOutput
import HaloPlatform
import HaloSIDMap
import HaloSimulator
import Testing
import HaloTesting

/// Checkpoints: their file, the original connector's timestamp file, damage, and the settling of a batch
/// a crashed run left pending.
@Suite("Checkpoints") struct CheckpointTests {
    @Test("a checkpoint is one JSON file per account, mode 0600, replaced atomically")
    func checkpointFile() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 500)) { fixture in
            let run = await fixture.run()
            #expect(run.status == .success)
            let store = CheckpointStore(directory: fixture.configDirectory, authFile: fixture.authFile)
            let keyID = fixture.sim.accounts[0].keyID
            let path = store.path(for: keyID)
            #expect(path.hasSuffix("/haloEvents.\(keyID).checkpoint"))
            var st = stat()
            #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)
            let names = try FileManager.default.contentsOfDirectory(atPath: fixture.configDirectory)
            #expect(!names.contains { $0.hasSuffix(".tmp") })

            let checkpoint = try #require(try store.load(keyID: keyID))
            let truth = fixture.truth()
            #expect(checkpoint.cursor.newest == truth.last?.createdAt)
            #expect(checkpoint.pending == nil)
            // Every id of the last 5 minutes, and of the last 24 hours (the horizon for late arrivals), is
            // remembered, none older.
            let floor = min(truth.last!.createdAt.adding(seconds: -300), HaloTimestamp.now.adding(seconds: -86_400))
            #expect(Set(checkpoint.cursor.delivered.keys) == Set(truth.filter { $0.createdAt >= floor }.map(\.id)))
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
            #expect(json?["format"] as? Int == 1 && json?["key_id"] as? String == keyID)
        }
    }

    @Test("the original connector's timestamp file is picked up once, for an account without a checkpoint")
    func legacyTimestampFile() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 800)) { fixture in
            let truth = fixture.truth()
            let keyID = fixture.sim.accounts[0].keyID
            let legacy = (fixture.configDirectory as NSString).appendingPathComponent("haloEvents.config")
            try "other|2020-01-01T00:00:00Z\n\(keyID)|\(truth[500].createdAt.iso8601(fractionDigits: 3))\n"
                .write(toFile: legacy, atomically: true, encoding: .utf8)

            let first = await fixture.run()
            #expect(first.status == .success)
            let expected = truth.filter { $0.createdAt >= truth[500].createdAt }.map(\.id)
            #expect(try DeliveredEvents(lines: fixture.outputLines()).events.map(\.id) == expected)

            // Once the account has its own checkpoint the old file no longer counts.
            try "\(keyID)|\(truth[0].createdAt)\n".write(toFile: legacy, atomically: true, encoding: .utf8)
            let second = await fixture.run()
            #expect(second.report.accounts[0].delivered == 0)
        }
    }

    @Test("a damaged line in the original connector's timestamp file fails that account, naming the file and line")
    func damagedLegacyTimestamp() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 200)) { fixture in
            let keyID = fixture.sim.accounts[0].keyID
            let legacy = (fixture.configDirectory as NSString).appendingPathComponent("haloEvents.config")
            try "# written by haloEvents.py\r\nother|2020-01-01T00:00:00Z\r\n\(keyID)|last tuesday\r\n".write(toFile: legacy, atomically: true, encoding: .utf8)

            let run = await fixture.run()
            #expect(run.status == .accountsFailed)
            let failure = Sentences.of(try #require(run.report.accounts[0].failure))
            #expect(failure.contains("\(legacy) line 3") && failure.contains("not ISO-8601"), "\(failure)")
            let store = CheckpointStore(directory: fixture.configDirectory, authFile: fixture.authFile)
            #expect(!FileManager.default.fileExists(atPath: store.path(for: keyID)), "no checkpoint was written")
            #expect(try fixture.outputLines().isEmpty)

            // Mended, the run starts from the saved timestamp.
            let truth = fixture.truth()
            try "\(keyID)|\(truth[150].createdAt.iso8601(fractionDigits: 6))\n".write(toFile: legacy, atomically: true, encoding: .utf8)
            let mended = await fixture.run()
            #expect(mended.status == .success, "\(mended.diagnostics)")
            #expect(try DeliveredEvents(lines: fixture.outputLines()).events.map(\.id) == truth.filter { $0.createdAt >= truth[150].createdAt }.map(\.id))
        }
    }

    @Test("a first run that finds nothing still records its starting point: --starting counts once")
    func startingPointRecorded() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 300)) { fixture in
            let truth = fixture.truth()
            let after = truth.last!.createdAt.adding(seconds: 1)
            let first = await fixture.run { $0.configuration.starting = after }
            #expect(first.status == .success && first.report.accounts[0].delivered == 0)
            let store = CheckpointStore(directory: fixture.configDirectory, authFile: fixture.authFile)
            let checkpoint = try store.load(keyID: fixture.sim.accounts[0].keyID)
            #expect(checkpoint?.cursor.newest == after)
            let second = await fixture.run { $0.configuration.starting = truth[0].createdAt }
            #expect(second.report.accounts[0].delivered == 0)
        }
    }

    @Test("a damaged checkpoint fails its account with what to do, and is left alone", arguments: [
        "", "{", "not json", "{\"format\":2,\"key_id\":\"K\",\"cursor\":{\"delivered\":{}}}",
        "{\"format\":1,\"key_id\":\"K\",\"cursor\":{\"newest\":\"yesterday\",\"delivered\":{}}}",
        "{\"format\":1,\"key_id\":\"someone-else\",\"cursor\":{\"delivered\":{}}}",
        "{\"format\":1,\"key_id\":\"K\",\"cursor\":{\"delivered\":{\"2025-01-01T00:00:00Z\":[\"a\"]}}}",
    ])
    func damagedCheckpoint(_ content: String) async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 100)) { fixture in
            let keyID = fixture.sim.accounts[0].keyID
            let store = CheckpointStore(directory: fixture.configDirectory, authFile: fixture.authFile)
            let bytes = Data(content.replacingOccurrences(of: "\"K\"", with: "\"\(keyID)\"").utf8)
            try bytes.write(to: URL(fileURLWithPath: store.path(for: keyID)))

            let run = await fixture.run()
            #expect(run.status == .accountsFailed)
            let failure = Sentences.of(try #require(run.report.accounts[0].failure))
            #expect(failure.contains(store.path(for: keyID)) && (failure.contains("move it away")), "\(failure)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: store.path(for: keyID))) == bytes)
            #expect(try fixture.outputLines().isEmpty)
        }
    }

    /// The states a crash can leave a file batch in, made by hand: the batch recorded as pending, then
    /// written whole, in part, or not at all (possibly under a rotated name).
    enum CrashState: String, CaseIterable, Sendable {
        case notWritten, written, torn, writtenThenRotated, tornThenRotated, rotatedAndGone
    }

    @Test("a pending batch is settled from the output file: nothing lost, nothing repeated", arguments: CrashState.allCases)
    func pendingBatchIsSettled(_ state: CrashState) async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 600)) { fixture in
            let truth = fixture.truth()
            let keyID = fixture.sim.accounts[0].keyID
            let store = CheckpointStore(directory: fixture.configDirectory, authFile: fixture.authFile)
            _ = await fixture.run { $0.configuration.limit = 200 }
            let committed = try #require(try store.load(keyID: keyID)).cursor

            // The next batch, exactly as the connector would write it, recorded as pending.
            let batch = truth[200..<300].map(\.event)
            let bytes = LineBytes.encode(batch.map { JSONFormatter().line(for: $0, as: SIDResolver.builtIn.classify($0)) })
            var next = committed
            for event in batch { _ = next.admit(event, notAfter: HaloTimestamp(microseconds: .max)) }
            next.prune(lookback: 300)
            let before = try #require(FileIdentity.of(path: fixture.outputFile))
            try store.save(Checkpoint(keyID: keyID, cursor: committed, pending: PendingBatch(
                landing: BatchLanding(output: fixture.outputFile, file: before, length: Int64(bytes.count), digest: Digest.fnv1a64Hex(bytes)),
                events: batch.count, next: next)))

            let rotated = fixture.outputFile + ".1"
            switch state {
            case .notWritten: break
            case .written, .writtenThenRotated, .rotatedAndGone: try append(bytes, to: fixture.outputFile)
            case .torn, .tornThenRotated: try append(Array(bytes[..<(bytes.count / 2 + 7)]), to: fixture.outputFile)
            }
            if [.writtenThenRotated, .tornThenRotated, .rotatedAndGone].contains(state) {
                #expect(rename(fixture.outputFile, rotated) == 0)
            }
            var earlier: [String] = []
            if state == .rotatedAndGone {
                earlier = try OutputFile.lines(of: rotated)
                try FileManager.default.removeItem(atPath: rotated)   // e.g. compressed by logrotate
            }

            let run = await fixture.run()
            #expect(run.status == .success, "\(run.diagnostics)")
            let lines = try earlier + OutputFile.lines(of: rotated) + fixture.outputLines()
            let delivered = try DeliveredEvents(lines: lines)
            #expect(Set(delivered.idCounts.keys) == Set(truth.map(\.id)), "nothing lost")
            let warnings = run.diagnostics.filter { $0.contains("warning:") }
            switch state {
            case .notWritten, .written, .writtenThenRotated:
                #expect(delivered.repeated.isEmpty && warnings.isEmpty, "\(warnings)")
            case .torn, .tornThenRotated:
                #expect(delivered.repeated.isEmpty)
                #expect(warnings.count == 1 && warnings[0].contains("half-written"))
            case .rotatedAndGone:
                // The batch cannot be found: it is read again (at least once) and the operator is told.
                #expect(Set(delivered.repeated) == Set(batch.compactMap(\.id)))
                #expect(warnings.count == 1 && warnings[0].contains("may appear twice"))
            }
            #expect(try store.load(keyID: keyID)?.pending == nil)
        }
    }

    private func append(_ bytes: [UInt8], to path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }
}
