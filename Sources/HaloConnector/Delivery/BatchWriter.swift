import HaloOutput

/// The one writer of a run's output and of its checkpoints.
///
/// Batches from all accounts pass through it one at a time, in arrival order, and each is followed by its
/// account's checkpoint, so at most one batch is ever between "written" and "committed" and the next run can
/// settle it (``settlePending(in:observer:)``, before anything is written).
///
/// To an exactly-once output (a file): the checkpoint first records the batch as pending (where it lands,
/// its length and digest, the cursor after it); then the batch is written; then the checkpoint commits the
/// new cursor. To an at-least-once output (stdout, syslog): the batch is written, then the checkpoint
/// commits; a crash in between repeats that one batch.
final class BatchWriter: Sendable {
    let output: any BatchOutput
    let store: CheckpointStore
    private let gate = AsyncGate()

    init(output: any BatchOutput, store: CheckpointStore) {
        self.output = output
        self.store = store
    }

    /// Writes `lines` for account `keyID` and commits `next` as its cursor; `current` is its committed
    /// cursor now. When this throws, the account's checkpoint still says `current` (or, if the output could
    /// not take back a partial write, a pending batch that the next run settles).
    func deliver(_ lines: [String], keyID: String, from current: DeliveryCursor, to next: DeliveryCursor) async throws {
        try await gate.exclusively {
            let batch = try await output.prepare(lines)
            if let landing = batch.landing {
                let pending = PendingBatch(landing: landing, events: lines.count, next: next)
                try store.save(Checkpoint(keyID: keyID, cursor: current, pending: pending))
                do {
                    try await output.write(batch)
                } catch let error as BatchNotTakenBack {
                    throw error.cause
                } catch {
                    try? store.save(Checkpoint(keyID: keyID, cursor: current))
                    throw error
                }
            } else {
                try await output.write(batch)
            }
            try store.save(Checkpoint(keyID: keyID, cursor: next))
        }
    }

    /// Commits `cursor` as `keyID`'s checkpoint with no batch (the end of an account's run).
    func commit(_ cursor: DeliveryCursor, keyID: String) async throws {
        try await gate.exclusively { try store.save(Checkpoint(keyID: keyID, cursor: cursor)) }
    }

    /// Writes the run's health lines, after every account's batches (see ``HealthBatch``).
    func deliverHealth(_ lines: [String]) async throws {
        try await gate.exclusively { try await HealthBatch.write(lines, to: output, store: store) }
    }

    func close() async throws { try await output.close() }

    /// Settles every batch a crashed run left pending in `store` (see ``PendingRecovery``): the checkpoint
    /// commits the batch if it is whole in its file, else goes back to the cursor before it.
    static func settlePending(in store: CheckpointStore, observer: RunObserver) throws(ConnectorError) {
        for keyID in try store.keyIDsWithCheckpoints() {
            // A damaged checkpoint is that account's failure, reported when it runs.
            guard let checkpoint = try? store.load(keyID: keyID), let pending = checkpoint.pending else { continue }
            let resolution = try PendingRecovery.settle(pending.landing)
            let committed = resolution == .written ? pending.next : checkpoint.cursor
            observer(.pendingBatchSettled(keyID: keyID, events: pending.events, output: pending.landing.output, resolution))
            try store.save(Checkpoint(keyID: keyID, cursor: committed))
        }
    }
}
