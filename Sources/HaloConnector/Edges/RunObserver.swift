import HaloModel
import HaloPlatform

/// Something a run has to tell its operator, as facts; `halo-events` writes each as one line on stderr.
public enum ConnectorNotice: Sendable {
    /// The auth file may be read by group or others (`mode`: its permission bits).
    case authFileOpenToOthers(path: String, mode: UInt32)
    /// The starting point asked for is older than Halo keeps: reading starts at `oldest`.
    case startingClamped(asked: HaloTimestamp, oldest: HaloTimestamp)
    /// The starting point asked for does not apply to these accounts: they resume from their checkpoints.
    case startingIgnored(starting: HaloTimestamp, keyIDs: [String])
    /// An account's run record (see ``RunRecord``) could not be saved; its checkpoint is not affected.
    case runRecordNotSaved(keyID: String, SystemCallError)
    /// An account's checkpoint is older than Halo keeps: reading starts at `oldest` instead of `since`.
    case checkpointClamped(keyID: String, since: HaloTimestamp, oldest: HaloTimestamp)
    /// An account without a checkpoint starts from the timestamp the original connector saved in `file`.
    case legacyTimestampTakenOver(keyID: String, timestamp: HaloTimestamp, file: String)
    /// A batch a crashed run left pending was settled before anything was written.
    case pendingBatchSettled(keyID: String, events: Int, output: String, PendingRecovery.Resolution)
    /// Progress of one account (at most once a second): `read` events gone through so far (new, repeated or
    /// filtered out) of about `toRead` (the API's count, when it gave one), and the seconds left at this pace.
    case progress(keyID: String, pages: Int, events: Int, repeats: Int, eventsPerSecond: Int, read: Int, toRead: Int?, secondsLeft: Int?)
    /// Paging met something worth knowing.
    case paging(keyID: String, PagingNotice)
    /// Events dated beyond the clock's allowance were delivered without moving the checkpoint.
    case eventsAheadOfClock(keyID: String, count: Int, firstID: String, firstCreatedAt: String)
    /// Unmapped event types could not be recorded (said once a run).
    case unmappedNotRecorded(any Error & Sendable)
    /// Closing the output failed after every account ran (``ConnectorError/Code/outputNotClosed(detail:)``).
    case outputNotClosed(ConnectorError)
    /// The run was stopped before any account ran.
    case stoppedBeforeAnyAccount
    /// One account is done.
    case accountFinished(AccountSummary)
    /// The run's health lines (``HealthReporter``) met something.
    case health(HealthNotice)
}

/// Where a run tells what happens (see ``ConnectorNotice``).
public struct RunObserver: Sendable {
    private let notify: @Sendable (ConnectorNotice) -> Void

    public init(_ notify: @escaping @Sendable (ConnectorNotice) -> Void) { self.notify = notify }

    /// Tells `notice`.
    public func callAsFunction(_ notice: ConnectorNotice) { notify(notice) }

    /// Tells nothing.
    public static let silent = RunObserver { _ in }
}
