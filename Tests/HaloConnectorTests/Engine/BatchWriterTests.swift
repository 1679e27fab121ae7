import Foundation
@testable import HaloConnector
import HaloModel
import HaloOutput
import HaloPlatform
import Synchronization
import Testing
import HaloTesting

/// The one writer of checkpoints: pending before an exactly-once batch, committed after it, back where it
/// was when the write fails, pending left for the next run when the output cannot take a partial write back.
@Suite("Batch writer and pending batches") struct BatchWriterTests {
    /// An exactly-once output in memory: it says where each batch lands and, while writing, checks what the
    /// checkpoint says; it fails as told.
    final class ProbingOutput: BatchOutput {
        enum Failure: Sendable { case none, takenBack, notTakenBack }
        struct Broken: Error {}
        let store: CheckpointStore
        let failure: Failure
        let seen = Mutex<[Checkpoint?]>([])

        init(store: CheckpointStore, failure: Failure) {
            self.store = store
            self.failure = failure
        }

        var guarantee: DeliveryGuarantee { .exactlyOnce }

        func prepare(_ lines: [String]) async throws -> PreparedBatch {
            PreparedBatch(lines: lines, landing: BatchLanding(
                output: "/probe", file: FileIdentity(device: 1, inode: 2, size: 100), length: Int64(lines.count), digest: "d"))
        }

        func write(_ batch: PreparedBatch) async throws {
            let checkpoint = try store.load(keyID: "k1")
            seen.withLock { $0.append(checkpoint) }
            switch failure {
            case .none: return
            case .takenBack: throw Broken()
            case .notTakenBack: throw BatchNotTakenBack(cause: Broken())
            }
        }

        func close() async throws {}
    }

    static func cursors() -> (DeliveryCursor, DeliveryCursor) {
        var next = DeliveryCursor(startingAt: HaloTimestamp(microseconds: 1))
        let events = InMemory.events(3)
        for event in events { _ = next.admit(event, notAfter: HaloTimestamp(microseconds: .max)) }
        return (DeliveryCursor(startingAt: HaloTimestamp(microseconds: 1)), next)
    }

    @Test("an exactly-once batch is pending in the checkpoint while it is written, then committed")
    func pendingThenCommitted() async throws {
        let directory = try TemporaryDirectory("writer")
        let store = CheckpointStore(directory: directory.path, authFile: "haloEvents.auth")
        let output = ProbingOutput(store: store, failure: .none)
        let writer = BatchWriter(output: output, store: store)
        let (current, next) = Self.cursors()
        try await writer.deliver(["a", "b", "c"], keyID: "k1", from: current, to: next)
        let during = try #require(output.seen.withLock { $0 }.first ?? nil)
        #expect(during.cursor == current && during.pending?.next == next && during.pending?.events == 3)
        #expect(during.pending?.landing.output == "/probe" && during.pending?.landing.length == 3)
        let after = try #require(try store.load(keyID: "k1"))
        #expect(after.cursor == next && after.pending == nil)
    }

    @Test("a failed write that was taken back leaves the checkpoint where it was; one not taken back stays pending")
    func failedWrites() async throws {
        for (failure, staysPending) in [(ProbingOutput.Failure.takenBack, false), (.notTakenBack, true)] {
            let directory = try TemporaryDirectory("writer")
            let store = CheckpointStore(directory: directory.path, authFile: "haloEvents.auth")
            let writer = BatchWriter(output: ProbingOutput(store: store, failure: failure), store: store)
            let (current, next) = Self.cursors()
            await #expect(throws: ProbingOutput.Broken.self) { try await writer.deliver(["a"], keyID: "k1", from: current, to: next) }
            let after = try #require(try store.load(keyID: "k1"))
            #expect(after.cursor == current)
            #expect((after.pending != nil) == staysPending, "\(failure)")
        }
    }

    @Test("a pending batch is settled by what its file holds", arguments: ["not written", "written", "torn", "rotated", "gone", "changed"])
    func settle(_ state: String) throws {
        let directory = try TemporaryDirectory("settle")
        let path = directory.file("events.log"), rotated = directory.file("events.log.1")
        try Data("before\n".utf8).write(to: URL(fileURLWithPath: path))
        let batch = Array("one\ntwo\n".utf8)
        let before = try #require(FileIdentity.of(path: path))
        let landing = BatchLanding(output: path, file: before, length: Int64(batch.count), digest: Digest.fnv1a64Hex(batch))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        switch state {
        case "written", "rotated", "gone": handle.write(Data(batch))
        case "torn": handle.write(Data(batch.prefix(5)))
        case "changed": handle.write(Data("something else entirely\n".utf8))
        default: break
        }
        try handle.close()
        if state == "rotated" || state == "gone" { try FileManager.default.moveItem(atPath: path, toPath: rotated) }
        if state == "gone" { try FileManager.default.removeItem(atPath: rotated) }

        let resolution = try PendingRecovery.settle(landing)
        switch state {
        case "not written": #expect(resolution == .notWritten)
        case "written", "rotated": #expect(resolution == .written)
        case "torn":
            #expect(resolution == .tornAndCut(path: path, length: 5))
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("before\n".utf8), "the torn part is cut off")
        case "gone": #expect(resolution == .fileGone)
        default: #expect(resolution == .fileChanged(path: path, size: 31, before: 7, after: 15))
        }
    }

    @Test("settling at the start of a run commits a whole batch and rolls back one that is not, by the one writer")
    func settleAtStart() throws {
        let directory = try TemporaryDirectory("settle")
        let store = CheckpointStore(directory: directory.path, authFile: "haloEvents.auth")
        let path = directory.file("events.log")
        try Data("x\n".utf8).write(to: URL(fileURLWithPath: path))
        let (current, next) = Self.cursors()
        let landing = BatchLanding(output: path, file: try #require(FileIdentity.of(path: path)), length: 4, digest: Digest.fnv1a64Hex(Array("abc\n".utf8)))
        try store.save(Checkpoint(keyID: "k1", cursor: current, pending: PendingBatch(landing: landing, events: 1, next: next)))
        try store.save(Checkpoint(keyID: "k2", cursor: current, pending: PendingBatch(landing: landing, events: 1, next: next)))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("abc\n".utf8))
        try handle.close()

        let notices = Mutex<[ConnectorNotice]>([])
        try BatchWriter.settlePending(in: store, observer: RunObserver { notice in notices.withLock { $0.append(notice) } })
        #expect(try store.load(keyID: "k1")?.cursor == next && store.load(keyID: "k1")?.pending == nil)
        #expect(try store.load(keyID: "k2")?.cursor == next, "both recorded the same whole batch")
        #expect(notices.withLock { $0.count } == 2)
    }

    @Test("the cursor drops what it delivered, keeps the newest time, and never lets a far-future event move it")
    func cursor() {
        let events = InMemory.events(5)
        var cursor = DeliveryCursor(startingAt: nil)
        let ceiling = events[3].createdAt!
        #expect(events.map { cursor.admit($0, notAfter: ceiling) } == [.new, .new, .new, .new, .newBeyondCeiling])
        #expect(cursor.newest == ceiling)
        #expect(events.map { cursor.admit($0, notAfter: ceiling) }.allSatisfy { $0 == .repeated })
        #expect(cursor.readFrom(lookback: 2) == ceiling.adding(seconds: -2))
        cursor.prune(lookback: 1)
        #expect(cursor.coveredFrom == ceiling.adding(seconds: -1))
        #expect(cursor.admit(events[0], notAfter: ceiling) == .new, "forgotten once outside the window, never re-read there")
        #expect(cursor.readFrom(lookback: 10) == cursor.coveredFrom, "reading never starts before what the ids cover")
    }
}
