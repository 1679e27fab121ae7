import Foundation
import HaloEventsCommand
import HaloTesting
import Testing
@testable import HaloConnector

/// The health lines' batch (``HealthBatch``) in a real file: written whole with no record left behind; a
/// crash in the middle of it leaves a record that the next run settles, cutting the torn part off, and never
/// writes the lines again.
@Suite struct HealthBatchTests {
    @Test("written whole, no pending record left; a torn batch a crash left is cut off by the next run's settling, once")
    func tornBatchIsCutOff() async throws {
        let dir = try TemporaryDirectory("health-batch")
        let log = dir.file("halo.cef")
        try Data("event 1\nevent 2\n".utf8).write(to: URL(fileURLWithPath: log))
        let store = CheckpointStore(directory: dir.path, authFile: dir.file("haloEvents.auth"))
        let output = try await OutputDestination.file(log).open()

        try await HealthBatch.write(["health 1", "health 2"], to: output, store: store)
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "event 1\nevent 2\nhealth 1\nhealth 2\n")
        #expect(!FileManager.default.fileExists(atPath: HealthBatch.path(in: store)))

        // A crash half way through the next health batch: its record is on disk, half of it in the file.
        let batch = try await output.prepare(["health 3", "health 4"])
        let landing = try #require(batch.landing)
        let nowhere = DeliveryCursor(startingAt: nil)
        let record = Checkpoint(keyID: HealthBatch.recordKey, cursor: nowhere, pending: PendingBatch(landing: landing, events: 2, next: nowhere))
        try Data(record.fileText.utf8).write(to: URL(fileURLWithPath: HealthBatch.path(in: store)))
        try await output.close()
        let handle = try #require(FileHandle(forWritingAtPath: log))
        handle.seekToEndOfFile()
        handle.write(Data("health 3\nhea".utf8))
        try handle.close()

        let notices = CollectedNotices()
        try HealthBatch.settle(in: store, observer: RunObserver { notices.append($0) })
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "event 1\nevent 2\nhealth 1\nhealth 2\n")
        #expect(!FileManager.default.fileExists(atPath: HealthBatch.path(in: store)))
        let settled = notices.all.compactMap { notice -> PendingRecovery.Resolution? in
            guard case .health(.pendingSettled(let lines, let output, let resolution)) = notice, lines == 2, output == log else { return nil }
            return resolution
        }
        #expect(settled == [.tornAndCut(path: log, length: 12)])
        // Settled once: a second look finds nothing.
        try HealthBatch.settle(in: store, observer: RunObserver { notices.append($0) })
        #expect(notices.all.count == 1)
    }
}

/// Notices told from any task.
private final class CollectedNotices: @unchecked Sendable {
    private let lock = NSLock()
    private var notices: [ConnectorNotice] = []

    func append(_ notice: ConnectorNotice) { lock.withLock { notices.append(notice) } }
    var all: [ConnectorNotice] { lock.withLock { notices } }
}
