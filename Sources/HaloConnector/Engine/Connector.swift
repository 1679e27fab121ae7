#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloModel
import HaloOutput
import HaloPlatform

/// A whole `halo-events` run: auth file → event service → config directory → lock → settle what a crashed
/// run left → open the output → every account (in parallel, each an ``AccountRun``, their batches through
/// one ``BatchWriter``) → summaries and outcome.
///
/// Its edges are given: the ``EventService`` (the Halo API), the ``EventClassifier`` and ``UnmappedRecorder``
/// (the SID table), the ``BatchOutput`` (file, stdout, syslog), the ``RunObserver`` (stderr).
///
/// Cancelling the task of ``run()`` stops the run cleanly (what `halo-events` does on SIGTERM and SIGINT):
/// accounts not yet begun are not begun, the others write and commit what they have read, and the outcome is
/// ``RunOutcome/stopped``.
public struct Connector: Sendable {
    public var configuration: ConnectorConfiguration
    public var formatter: any EventFormatter
    /// Opens the output; called once the run holds its lock.
    public var openOutput: @Sendable () async throws -> any BatchOutput
    /// Makes the event service of the run.
    public var makeEventService: @Sendable () throws -> any EventService
    public var classifier: any EventClassifier
    /// Where unmapped event types are recorded as their batches commit; `nil`: not recorded.
    public var unmapped: (any UnmappedRecorder)?
    public var observer: RunObserver
    /// An account's failure in words, for its run record (see ``RunRecord``); never holds a secret.
    public var describeFailure: @Sendable (any Error) -> String = { "\($0)" }
    /// Judges the run's health once the accounts have run; its lines go to the output after theirs
    /// (`nil`: no health lines).
    public var health: (any HealthReporter)?

    public init(
        configuration: ConnectorConfiguration, formatter: any EventFormatter,
        openOutput: @escaping @Sendable () async throws -> any BatchOutput,
        makeEventService: @escaping @Sendable () throws -> any EventService,
        classifier: any EventClassifier, unmapped: (any UnmappedRecorder)? = nil, observer: RunObserver = .silent
    ) {
        self.configuration = configuration
        self.formatter = formatter
        self.openOutput = openOutput
        self.makeEventService = makeEventService
        self.classifier = classifier
        self.unmapped = unmapped
        self.observer = observer
    }

    public func run() async -> RunReport {
        func notStarted(_ stage: RunFailure.Stage, _ error: any Error & Sendable) -> RunReport {
            RunReport(outcome: .notStarted(RunFailure(stage, error)), accounts: [])
        }
        let settings = configuration
        let store = CheckpointStore(directory: settings.configDirectory, authFile: settings.authFile)
        let auth: AuthFile
        do { auth = try settings.keys ?? AuthFile.load(path: settings.authFile) } catch { return notStarted(.authFile, error) }
        if auth.isOpenToOthers, let mode = auth.mode { observer(.authFileOpenToOthers(path: auth.path, mode: mode)) }
        let service: any EventService
        do { service = try makeEventService() } catch { return notStarted(.eventService, error) }

        let lock: RunLock
        do {
            try prepareConfigDirectory()
            lock = try RunLock.acquire(in: settings.configDirectory)
        } catch {
            await service.shutdown()
            return notStarted(isLockHeld(error) ? .lock : .configDirectory, error)
        }
        do {
            try BatchWriter.settlePending(in: store, observer: observer)
            try HealthBatch.settle(in: store, observer: observer)
        } catch {
            await service.shutdown()
            return notStarted(.pendingBatches, error)
        }
        let writer: BatchWriter
        do { writer = BatchWriter(output: try await openOutput(), store: store) } catch {
            await service.shutdown()
            if Task.isCancelled {
                observer(.stoppedBeforeAnyAccount)
                return RunReport(outcome: .stopped, accounts: [])
            }
            return notStarted(.output, error)
        }

        let start = startingPoint(for: auth.keys, store: store)
        let recorder = UnmappedTypes(recorder: unmapped, observer: observer)
        let limits = PagingLimits(perPage: settings.perPage)
        let runs = auth.keys.map { key in
            AccountRun(
                key: key, source: service.source(for: key), store: store, writer: writer, classifier: classifier,
                formatter: formatter, unmapped: recorder, settings: settings, limits: limits, start: start, observer: observer)
        }
        var summaries = await Connector.runAll(runs, atOnce: settings.accountsInParallel)
        if let health, !Task.isCancelled {
            let lines = await health.lines(for: Array(zip(summaries, runs.map(\.source))))
            do { try await writer.deliverHealth(lines) } catch { observer(.health(.notWritten(count: lines.count, error))) }
        }

        do { try await writer.close() } catch {
            let failure = ConnectorError(.outputNotClosed(detail: "\(error)"))
            observer(.outputNotClosed(failure))
            for i in summaries.indices where summaries[i].succeeded { summaries[i].failure = failure }
        }
        await service.shutdown()
        recordRuns(summaries, in: store)
        withExtendedLifetime(lock) {}

        for summary in summaries { observer(.accountFinished(summary)) }
        let outcome: RunOutcome =
            if !summaries.allSatisfy(\.succeeded) { .accountsFailed } else if summaries.contains(where: \.stopped) { .stopped } else { .completed }
        return RunReport(outcome: outcome, accounts: summaries)
    }

    /// Adds each account's run to its run record, still under the lock.
    private func recordRuns(_ summaries: [AccountSummary], in store: CheckpointStore) {
        let ended = configuration.now()
        for summary in summaries {
            do { try store.recordRun(RunRecord.Run(summary, at: ended, describe: describeFailure), keyID: summary.keyID) } catch {
                observer(.runRecordNotSaved(keyID: summary.keyID, error))
            }
        }
    }

    private func isLockHeld(_ error: ConnectorError) -> Bool {
        if case .lockHeld = error.code { return true }
        return false
    }

    /// Runs the accounts, at most `limit` at a time; summaries come back in the order of `runs`. Once the
    /// task is cancelled, the accounts not begun yet are summarised as stopped.
    private static func runAll(_ runs: [AccountRun], atOnce limit: Int) async -> [AccountSummary] {
        await withTaskGroup(of: (Int, AccountSummary).self) { group in
            var summaries = runs.map { AccountSummary(keyID: $0.key.keyID, guarantee: $0.writer.output.guarantee) }
            var next = 0
            func startNext() {
                guard next < runs.count else { return }
                guard !Task.isCancelled else {
                    for index in next..<runs.count { summaries[index].stopped = true }
                    next = runs.count
                    return
                }
                let (index, run) = (next, runs[next])
                group.addTask { (index, await run.run()) }
                next += 1
            }
            for _ in 0..<max(1, limit) { startNext() }
            for await (index, summary) in group {
                summaries[index] = summary
                startNext()
            }
            return summaries
        }
    }

    /// The starting point asked for, clamped to Halo's 90 days (noticed when that matters: some account has
    /// no checkpoint yet).
    private func startingPoint(for keys: [APIKey], store: CheckpointStore) -> HaloTimestamp? {
        guard let starting = configuration.starting else { return nil }
        let resuming = keys.map(\.keyID).filter { FileManager.default.fileExists(atPath: store.path(for: $0)) }
        if !resuming.isEmpty { observer(.startingIgnored(starting: starting, keyIDs: resuming)) }
        let oldest = ConnectorConfiguration.oldestReadable(now: configuration.now())
        guard starting < oldest else { return starting }
        if keys.contains(where: { !FileManager.default.fileExists(atPath: store.path(for: $0.keyID)) }) {
            observer(.startingClamped(asked: starting, oldest: oldest))
        }
        return oldest
    }

    /// The config directory must exist (it is created, mode 0700, when only its last component is missing).
    private func prepareConfigDirectory() throws(ConnectorError) {
        let path = configuration.configDirectory
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else { throw ConnectorError(.configDirectoryNotADirectory, path: path) }
            return
        }
        guard mkdir(path, 0o700) == 0 else { throw ConnectorError(.configDirectoryUncreatable(errno: errno), path: path) }
    }
}
