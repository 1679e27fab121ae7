import HaloOutput

/// The one writer of a run's output. Batches from all accounts pass through it one at a time, in arrival
/// order, and each is followed by its account's checkpoint, so at most one batch is ever between "written"
/// and "committed" and the next run can settle it (see ``PendingRecovery``).
///
/// To a file (exactly once): the checkpoint first records the batch as pending (file identity, length
/// before, length and digest of the batch, the cursor after it); then the batch is appended and `fsync`ed;
/// then the checkpoint commits the new cursor. To a stream (stdout, syslog; at least once): the batch is
/// written, then the checkpoint commits; a crash in between repeats that one batch.
final class BatchWriter: Sendable {
    enum Output: Sendable {
        case file(FileSink)
        case stream(any EventSink)
    }

    let output: Output
    let store: CheckpointStore
    private let gate = AsyncGate()

    init(output: Output, store: CheckpointStore) {
        self.output = output
        self.store = store
    }

    /// Writes `lines` for account `keyID` and commits `next` as its cursor; `current` is its committed
    /// cursor now. When this throws, the account's checkpoint still says `current` (or, if even that could
    /// not be written, a pending batch that the next run settles).
    func deliver(_ lines: [String], keyID: String, from current: DeliveryCursor, to next: DeliveryCursor) async throws {
        await gate.enter()
        do {
            try await write(lines, keyID: keyID, from: current, to: next)
            await gate.leave()
        } catch {
            await gate.leave()
            throw error
        }
    }

    private func write(_ lines: [String], keyID: String, from current: DeliveryCursor, to next: DeliveryCursor) async throws {
        switch output {
        case .stream(let sink):
            try await sink.write(batch: lines)
        case .file(let sink):
            let before = try await sink.reopenIfMoved()
            let bytes = LineBytes.encode(lines)
            let pending = PendingBatch(
                output: sink.path, file: before, length: Int64(bytes.count), digest: Digest.fnv1a64Hex(bytes),
                events: lines.count, next: next)
            try store.save(Checkpoint(keyID: keyID, cursor: current, pending: pending))
            do {
                try await sink.append(bytes)
            } catch {
                // Take back what part of the batch reached the file, then forget the pending batch; if that
                // fails too, the pending entry stays for the next run to settle.
                if let now = try? await sink.identity(), now.size > before.size,
                    (try? await sink.truncate(to: before.size)) == nil
                {
                    throw error
                }
                try? store.save(Checkpoint(keyID: keyID, cursor: current))
                throw error
            }
        }
        try store.save(Checkpoint(keyID: keyID, cursor: next))
    }

    func close() async throws {
        switch output {
        case .file(let sink): try await sink.close()
        case .stream(let sink): try await sink.close()
        }
    }
}
