import HaloModel
import HaloOutput
import HaloPlatform
import HaloSIDMap

/// One account's run — the whole data path, top to bottom:
/// checkpoint → token → pages (in order) → de-duplicate → classify → format → sink → checkpoint.
///
/// Cancelling the run's task stops it cleanly: reading stops at once (requests and retry waits are
/// cancelled), the lines already formatted are written and committed, and the summary says `stopped`.
struct AccountRun: Sendable {
    let key: APIKey
    let client: HaloAPIClient
    let store: CheckpointStore
    let writer: BatchWriter
    let classifier: SIDResolver
    let formatter: any EventFormatter
    let unmapped: UnmappedTypes
    let settings: ConnectorConfiguration
    /// Where an account without any checkpoint starts (`--starting`, already clamped to Halo's 90 days).
    let start: HaloTimestamp?
    let diagnostics: Diagnostics

    func run() async -> AccountSummary {
        let began = ContinuousClock.now
        var summary = AccountSummary(keyID: key.keyID)
        do {
            try await deliver(&summary)
        } catch {
            summary.failure = AccountRun.explain(error)
        }
        summary.requests = await client.statistics()
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
        var reader = PageReader(client: client, since: committed.readFrom(lookback: settings.lookback), parallelism: settings.threads)
        var lines: [String] = []
        var unmappedEvents: [(HaloEvent, EventClassification)] = []
        var progress = Progress(keyID: key.keyID, enabled: settings.verbose, diagnostics: diagnostics)
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
        for warning in reader.warnings { diagnostics.warn("key \(key.keyID): \(warning)") }
        if let first = aheadOfClock.first {
            diagnostics.warn(
                "key \(key.keyID): \(aheadOfClock.count) event\(aheadOfClock.count == 1 ? "" : "s") dated more than a day ahead of this host's clock (the first: id \((first.id ?? "").debugDescription), created_at \((first.createdAtText ?? "").debugDescription)) delivered; they do not move the checkpoint, so later events are still read. Check the clocks of this host and of the event source")
        }

        // The ids outside the lookback window can go; an account's first run records where it started.
        cursor.prune(lookback: settings.lookback)
        if cursor.newest != nil, cursor != committed || isFirstRun {
            try store.save(Checkpoint(keyID: key.keyID, cursor: cursor))
        }
    }

    /// Runs `work` to its end even when the run is being stopped, so that a batch is written whole.
    private func uninterrupted(_ work: @escaping @Sendable () async throws -> Void) async throws {
        try await Task { try await work() }.value
    }

    /// The committed cursor of this account, and whether it has no checkpoint file yet.
    private func startingCursor() throws(AccountError) -> (DeliveryCursor, isFirstRun: Bool) {
        if let checkpoint = try store.load(keyID: key.keyID) {
            guard checkpoint.pending == nil else {
                throw AccountError("checkpoint \(store.path(for: key.keyID)) still has a pending batch that could not be settled")
            }
            return (checkpoint.cursor, false)
        }
        if let legacy = try store.legacyTimestamp(keyID: key.keyID) {
            if settings.verbose {
                diagnostics.say("key \(key.keyID): starting from \(legacy), the timestamp the original connector saved in \(store.legacyFile ?? "")")
            }
            return (DeliveryCursor(startingAt: legacy), true)
        }
        return (DeliveryCursor(startingAt: start), true)
    }

    /// How far ahead of this host's clock an event's `created_at` may be and still move the checkpoint.
    static let clockSkewAllowed: Double = 86_400

    static func explain(_ error: any Error) -> String {
        switch error {
        case let error as AccountError: return error.description
        case let error as SystemCallError: return "output failed: \(error.description); fix the output and run again (nothing after the last committed batch is lost)"
        case is CancellationError: return "cancelled"
        default: return "\(error)"
        }
    }
}

/// `-v` progress of one account: at most one line a second.
private struct Progress {
    let keyID: String
    let enabled: Bool
    let diagnostics: Diagnostics
    let began = ContinuousClock.now
    var lastReport: ContinuousClock.Instant?

    mutating func page(_ summary: AccountSummary, pending: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        if let lastReport, now - lastReport < .seconds(1) { return }
        lastReport = now
        let events = summary.delivered + pending
        let rate = Double(events) / max((now - began).seconds, 0.001)
        diagnostics.say(
            "key \(keyID): \(summary.pages) pages, \(events) new events, \(summary.repeats) repeats, \(Int(rate)) events/s")
    }
}
