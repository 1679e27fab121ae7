import HaloModel
import HaloOutput

/// One account's run — the whole data path, top to bottom:
/// checkpoint → token → pages (in order) → de-duplicate → classify → format → sink → checkpoint.
///
/// Cancelling the run's task stops it cleanly: reading stops at once (requests and retry waits are
/// cancelled), the lines already formatted are written and committed, and the summary says `stopped`.
struct AccountRun: Sendable {
    let key: APIKey
    let source: any EventSource
    let store: CheckpointStore
    let writer: BatchWriter
    let classifier: any EventClassifier
    let formatter: any EventFormatter
    let unmapped: UnmappedTypes
    let settings: ConnectorConfiguration
    /// Where an account without any checkpoint starts (the starting point asked for, clamped to Halo's 90 days).
    let start: HaloTimestamp?
    let observer: RunObserver

    func run() async -> AccountSummary {
        let began = ContinuousClock.now
        var summary = AccountSummary(keyID: key.keyID, guarantee: writer.output.guarantee)
        do {
            try await deliver(&summary)
        } catch {
            summary.failure = error
        }
        summary.requests = await source.statistics()
        summary.seconds = (ContinuousClock.now - began).seconds
        return summary
    }

    /// The data path; `summary` follows what is committed.
    private func deliver(_ summary: inout AccountSummary) async throws {
        // 1. Where this account stands: its checkpoint, else the original connector's timestamp, else --starting.
        let (initial, isFirstRun) = try startingCursor()
        var committed = initial
        var cursor = initial
        summary.newest = committed.newest

        // 2. Pages oldest first, fetched in parallel, handed out in order, re-anchored before page 100.
        let reader = PageReader(source: source, since: committed.readFrom(lookback: settings.lookback), parallelism: settings.threads)
        var lines: [String] = []
        var unmappedEvents: [(HaloEvent, EventClassification)] = []
        var progress = Progress(keyID: key.keyID, observer: observer)
        // Timestamps beyond this do not move the checkpoint (see DeliveryCursor.admit); the day allows for clock skew.
        let ceiling = settings.now().adding(seconds: AccountRun.clockSkewAllowed)
        var aheadOfClock: (count: Int, first: HaloEvent?) = (0, nil)

        // 6–7. Hand a batch to the sink, then commit the cursor after it.
        func deliverBatch() async throws {
            guard !lines.isEmpty else { return }
            var next = cursor
            next.prune(lookback: settings.lookback)
            try await uninterrupted { [lines, committed, next, key, writer] in
                try await writer.deliver(lines, keyID: key.keyID, from: committed, to: next)
            }
            committed = next
            cursor = next
            summary.delivered += lines.count
            summary.newest = committed.newest
            await unmapped.record(unmappedEvents)
            lines.removeAll(keepingCapacity: true)
            unmappedEvents.removeAll()
        }

        do {
            reading: while let events = try await reader.next() {
                summary.pages += 1
                for event in events {
                    // 3. De-duplicate: drop what an earlier page, batch or run delivered.
                    switch cursor.admit(event, notAfter: ceiling) {
                    case .repeated:
                        summary.repeats += 1
                        continue
                    case .newBeyondCeiling:
                        aheadOfClock = (aheadOfClock.count + 1, aheadOfClock.first ?? event)
                    case .new:
                        break
                    }
                    // 4. Classify (SID), noting types the SID table does not know.
                    let classification = classifier.classify(event)
                    if !classification.isMapped { unmappedEvents.append((event, classification)) }
                    // 5. Format: exactly one line per event.
                    lines.append(formatter.line(for: event, as: classification))
                    if lines.count >= settings.batchSize { try await deliverBatch() }
                    if let limit = settings.limit, summary.delivered + lines.count >= limit {
                        reader.finish()
                        break reading
                    }
                }
                progress.page(summary, pending: lines.count)
            }
        } catch where Task.isCancelled {
            // Stopped (SIGTERM, SIGINT): whatever reading was doing is moot; what was read is delivered below.
            reader.finish()
            summary.stopped = true
        } catch {
            reader.finish()
            throw error
        }
        try await deliverBatch()
        for notice in reader.notices { observer(.paging(keyID: key.keyID, notice)) }
        if let first = aheadOfClock.first {
            observer(.eventsAheadOfClock(
                keyID: key.keyID, count: aheadOfClock.count, firstID: first.id ?? "", firstCreatedAt: first.createdAtText ?? ""))
        }

        // The ids outside the lookback window can go; an account's first run records where it started.
        cursor.prune(lookback: settings.lookback)
        if cursor.newest != nil, cursor != committed || isFirstRun {
            try await writer.commit(cursor, keyID: key.keyID)
        }
    }

    /// Runs `work` to its end even when the run is being stopped, so that a batch is written whole.
    private func uninterrupted(_ work: @escaping @Sendable () async throws -> Void) async throws {
        try await Task { try await work() }.value
    }

    /// The committed cursor of this account, and whether it has no checkpoint file yet.
    private func startingCursor() throws(ConnectorError) -> (DeliveryCursor, isFirstRun: Bool) {
        if let checkpoint = try store.load(keyID: key.keyID) {
            guard checkpoint.pending == nil else {
                throw ConnectorError(.checkpointPendingUnsettled, path: store.path(for: key.keyID), keyID: key.keyID)
            }
            return (checkpoint.cursor, false)
        }
        if let legacy = try store.legacyTimestamp(keyID: key.keyID) {
            observer(.legacyTimestampTakenOver(keyID: key.keyID, timestamp: legacy, file: store.legacyFile ?? ""))
            return (DeliveryCursor(startingAt: legacy), true)
        }
        return (DeliveryCursor(startingAt: start), true)
    }

    /// How far ahead of this host's clock an event's `created_at` may be and still move the checkpoint.
    static let clockSkewAllowed: Double = 86_400
}

/// Progress of one account: at most one notice a second.
private struct Progress {
    let keyID: String
    let observer: RunObserver
    let began = ContinuousClock.now
    var lastReport: ContinuousClock.Instant?

    mutating func page(_ summary: AccountSummary, pending: Int) {
        let now = ContinuousClock.now
        if let lastReport, now - lastReport < .seconds(1) { return }
        lastReport = now
        let events = summary.delivered + pending
        let elapsed = (now - began).seconds
        observer(.progress(
            keyID: keyID, pages: summary.pages, events: events, repeats: summary.repeats,
            eventsPerSecond: Int(Double(events) / max(elapsed, 0.001))))
    }
}
