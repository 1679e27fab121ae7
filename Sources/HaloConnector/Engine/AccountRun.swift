import HaloModel
import HaloOutput

/// One account's run — the whole data path, top to bottom:
/// checkpoint → token → pages (in order, equal timestamps read whole) → de-duplicate → classify → format →
/// sink → checkpoint; then, when due, the sweep for late arrivals through the same steps.
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
    /// The page size and depth the service takes, as the run learns them.
    let limits: PagingLimits
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
        let now = settings.now()
        // Ids are kept for events this young: a late arrival may still come for them.
        let horizon = settings.horizon > 0 ? now.adding(seconds: -settings.horizon) : nil
        let since = readFrom(committed, now: now)

        // 2. Pages oldest first, fetched in parallel, handed out in order, re-anchored before the page depth.
        let reader = AccountReader(source: source, since: since, limits: limits, parallelism: settings.threads)
        var lines: [String] = []
        var unmappedEvents: [(HaloEvent, EventClassification)] = []
        var progress = Progress(keyID: key.keyID, observer: observer)
        // Timestamps beyond this do not move the checkpoint (see DeliveryCursor.admit); the day allows for clock skew.
        let ceiling = now.adding(seconds: AccountRun.clockSkewAllowed)
        var aheadOfClock: (count: Int, first: HaloEvent?) = (0, nil)

        // 7–8. Hand a batch to the sink, then commit the cursor after it.
        func deliverBatch() async throws {
            guard !lines.isEmpty else { return }
            var next = cursor
            next.prune(lookback: settings.lookback, horizon: horizon)
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

        // 3–6. One event: de-duplicated, classified, formatted, batched. `false` once the limit is reached.
        func take(_ event: HaloEvent) async throws -> Bool {
            // 3. De-duplicate: drop what an earlier page, batch or run delivered.
            switch cursor.admit(event, notAfter: ceiling) {
            case .repeated:
                summary.repeats += 1
                return true
            case .newBeyondCeiling:
                aheadOfClock = (aheadOfClock.count + 1, aheadOfClock.first ?? event)
            case .new:
                break
            }
            // A type not asked for (--types, --exclude-types) goes no further, but the cursor has it.
            guard settings.typeFilter.admits(event) else {
                summary.filtered += 1
                return true
            }
            // 4. Classify (SID), noting types the SID table does not know.
            let classification = classifier.classify(event)
            if !classification.isMapped { unmappedEvents.append((event, classification)) }
            // 5. Format: exactly one line per event.
            lines.append(formatter.line(for: event, as: classification))
            // 6. Batch.
            if lines.count >= settings.batchSize { try await deliverBatch() }
            if let limit = settings.limit, summary.delivered + lines.count >= limit { return false }
            return true
        }

        var readToTheEnd = false
        do {
            reading: while let events = try await reader.next() {
                summary.pages += 1
                for event in events where try await !take(event) {
                    reader.finish()
                    break reading
                }
                progress.page(summary, pending: lines.count, toRead: reader.total)
            }
            readToTheEnd = !reader.finishedEarly
        } catch where Task.isCancelled {
            // Stopped (SIGTERM, SIGINT): whatever reading was doing is moot; what was read is delivered below.
            reader.finish()
            summary.stopped = true
        } catch {
            reader.finish()
            throw error
        }

        // 9. Late arrivals older than the lookback: when due, the API's counts over the horizon are compared
        // with what was delivered, and only the ranges that gained events are read again.
        if readToTheEnd, let horizon, let since, sweepIsDue(cursor, now: now) {
            let from = max(horizon, cursor.coveredFrom ?? horizon)
            let sweep = LateArrivalSweep(reader: RangeReader(source: source, perPage: limits.perPage, pagesPerQuery: limits.pagesPerQuery))
            let found = try await sweep.sweep(from: from, through: since.adding(microseconds: -1), delivered: cursor.deliveredTimes())
            let before = summary.delivered + lines.count
            for event in found.events where try await !take(event) { break }
            summary.late = summary.delivered + lines.count - before
            cursor.lastSweep = now
        }
        try await deliverBatch()
        for notice in reader.notices { observer(.paging(keyID: key.keyID, notice)) }
        if let first = aheadOfClock.first {
            observer(.eventsAheadOfClock(
                keyID: key.keyID, count: aheadOfClock.count, firstID: first.id ?? "", firstCreatedAt: first.createdAtText ?? ""))
        }

        // The ids no later run can meet again can go; an account's first run records where it started.
        cursor.prune(lookback: settings.lookback, horizon: horizon)
        if cursor.newest != nil, cursor != committed || isFirstRun {
            try await writer.commit(cursor, keyID: key.keyID)
        }
    }

    /// Where this run reads from: the lookback before the newest delivered timestamp, but never before what
    /// Halo keeps (an old checkpoint is moved up, once, with a notice).
    private func readFrom(_ cursor: DeliveryCursor, now: HaloTimestamp) -> HaloTimestamp? {
        guard let since = cursor.readFrom(lookback: settings.lookback) else { return nil }
        guard since < now.adding(seconds: -ConnectorConfiguration.retention) else { return since }
        let oldest = ConnectorConfiguration.oldestReadable(now: now)
        observer(.checkpointClamped(keyID: key.keyID, since: since, oldest: oldest))
        return oldest
    }

    /// Whether the horizon is due for a sweep: never swept, or not for ``ConnectorConfiguration/sweepInterval``.
    private func sweepIsDue(_ cursor: DeliveryCursor, now: HaloTimestamp) -> Bool {
        guard let last = cursor.lastSweep else { return true }
        return Double(now.microseconds - last.microseconds) / 1e6 >= settings.sweepInterval
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

    mutating func page(_ summary: AccountSummary, pending: Int, toRead: Int?) {
        let now = ContinuousClock.now
        if let lastReport, now - lastReport < .seconds(1) { return }
        lastReport = now
        let events = summary.delivered + pending
        let read = events + summary.repeats + summary.filtered
        let elapsed = max((now - began).seconds, 0.001)
        let secondsLeft = toRead.map { total in Int((Double(max(total - read, 0)) * elapsed / Double(max(read, 1))).rounded(.up)) }
        observer(.progress(
            keyID: keyID, pages: summary.pages, events: events, repeats: summary.repeats,
            eventsPerSecond: Int(Double(events) / elapsed), read: read, toRead: toRead, secondsLeft: secondsLeft))
    }
}
