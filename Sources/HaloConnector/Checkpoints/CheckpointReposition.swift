import HaloModel

extension DeliveryCursor {
    /// This cursor moved to `point`, for `halo-events checkpoint set|rewind`: the next run reads from there.
    ///
    /// Back (`point` before ``newest``): the ids delivered before `point` stay known, so the lookback re-read
    /// before it repeats nothing, and the events from `point` on are forgotten: delivered again, once each.
    /// Forward, or from nothing: a cursor starting at `point` (as `--starting` makes), nothing before it read.
    /// The time of the last sweep for late arrivals is kept.
    public func repositioned(to point: HaloTimestamp) -> DeliveryCursor {
        guard let newest, point < newest else {
            var cursor = DeliveryCursor(startingAt: point)
            cursor.lastSweep = lastSweep
            return cursor
        }
        return DeliveryCursor(
            newest: point, coveredFrom: coveredFrom.map { min($0, point) }, delivered: delivered.filter { $0.value < point },
            lastSweep: lastSweep)
    }
}

extension CheckpointStore {
    /// Moves the checkpoint of `keyID` to `point` (see ``DeliveryCursor/repositioned(to:)``; an account
    /// without a checkpoint gets one starting there) and saves it; the new checkpoint. The caller holds the
    /// config directory's `lock`, and batches a crashed run left pending are settled first, as a run does.
    public func reposition(
        keyID: String, to point: HaloTimestamp, holding lock: RunLock, observer: RunObserver
    ) throws(ConnectorError) -> Checkpoint {
        try BatchWriter.settlePending(in: self, observer: observer)
        let cursor = try load(keyID: keyID)?.cursor ?? DeliveryCursor(startingAt: nil)
        let checkpoint = Checkpoint(keyID: keyID, cursor: cursor.repositioned(to: point))
        try save(checkpoint)
        withExtendedLifetime(lock) {}
        return checkpoint
    }
}
