#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloOutput
import HaloPlatform

/// The health lines of a run (``HealthReporter``), written as one batch after every account's last batch.
///
/// They describe the run that wrote them and carry no cursor: no checkpoint waits for them and nothing ever
/// writes them again. To an exactly-once output (a file) the batch's landing is first recorded, durably, in
/// `<stem>.health.pending` in the config directory (as an event batch's is in its checkpoint) and the record
/// is removed once the batch is written; the next run settles a record a crash left
/// (``settle(in:observer:)``, before anything is written): a torn batch is cut off, so the next line starts
/// on a line of its own. A health line is thus never repeated, and never half there; one a crash kept from
/// being written is not written later: the next run judges the accounts again and reports what still holds.
enum HealthBatch {
    /// The key id of the pending record (a checkpoint file of no account).
    static let recordKey = "health"

    /// The pending record's path for `store`.
    static func path(in store: CheckpointStore) -> String {
        (store.directory.hasSuffix("/") ? store.directory : store.directory + "/") + store.stem + ".health.pending"
    }

    /// Writes `lines` through `output`, recording the batch as pending around the write when the output
    /// can tell afterwards whether it got there.
    static func write(_ lines: [String], to output: any BatchOutput, store: CheckpointStore) async throws {
        guard !lines.isEmpty else { return }
        let batch = try await output.prepare(lines)
        guard let landing = batch.landing else { return try await output.write(batch) }
        let record = path(in: store)
        // The record is a checkpoint file with an empty cursor and the batch pending: one format, one reader.
        let nowhere = DeliveryCursor(startingAt: nil)
        let pending = PendingBatch(landing: landing, events: lines.count, next: nowhere)
        try AtomicFile.write(Array(Checkpoint(keyID: recordKey, cursor: nowhere, pending: pending).fileText.utf8), to: record, mode: 0o600)
        do {
            try await output.write(batch)
        } catch let error as BatchNotTakenBack {
            throw error.cause  // the record stays: the next run cuts the partial batch off
        } catch {
            unlink(record)
            throw error
        }
        unlink(record)
    }

    /// Settles the health batch a crashed run left pending (see ``PendingRecovery``), then drops its record.
    static func settle(in store: CheckpointStore, observer: RunObserver) throws(ConnectorError) {
        let record = path(in: store)
        guard let data = FileManager.default.contents(atPath: record) else { return }
        if let pending = try? JSONDecoder().decode(Checkpoint.self, from: data).pending {
            let resolution = try PendingRecovery.settle(pending.landing)
            observer(.health(.pendingSettled(lines: pending.events, output: pending.landing.output, resolution)))
        }
        unlink(record)
    }
}
