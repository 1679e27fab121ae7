import HaloModel
import HaloOutput

/// What one account's run did.
public struct AccountSummary: Sendable {
    public var keyID: String
    /// Events written to the output (and committed in the checkpoint), as far as its ``guarantee`` goes.
    public var delivered = 0
    /// What the output vouches for about ``delivered``.
    public var guarantee: DeliveryGuarantee
    /// Events read again (lookback window, page overlaps) and dropped as already delivered.
    public var repeats = 0
    public var pages = 0
    /// New events of a type the run's ``EventTypeFilter`` refuses: not written, but past the checkpoint.
    public var filtered = 0
    /// Events delivered by the sweep for late arrivals (counted in ``delivered`` too).
    public var late = 0
    public var requests = RequestStatistics()
    public var seconds: Double = 0
    /// The newest `created_at` the checkpoint holds after the run.
    public var newest: HaloTimestamp?
    /// Why the account failed (a ``ConnectorError``, the event source's or the output's error); `nil` when it succeeded.
    public var failure: (any Error & Sendable)?
    /// The run was stopped (SIGTERM, SIGINT) before this account was read to the end; what it read is committed.
    public var stopped = false

    public init(keyID: String, guarantee: DeliveryGuarantee) {
        self.keyID = keyID
        self.guarantee = guarantee
    }

    public var succeeded: Bool { failure == nil }
}

/// How a whole run ended.
public enum RunOutcome: Sendable {
    /// Every account was read to the end (or to the limit) and delivered.
    case completed
    /// At least one account failed; the others were delivered.
    case accountsFailed
    /// Stopped (its task cancelled): each account committed what it had read.
    case stopped
    /// Nothing ran: what had to be in place before any account (auth file, config directory, lock, a crashed
    /// run's pending batches, the output, the event service) was not.
    case notStarted(RunFailure)
}

/// Why a run did not start any account.
public struct RunFailure: Sendable {
    public enum Stage: Sendable, Hashable {
        case authFile, eventService, configDirectory, lock, pendingBatches, output
    }
    public var stage: Stage
    public var error: any Error & Sendable

    public init(_ stage: Stage, _ error: any Error & Sendable) {
        self.stage = stage
        self.error = error
    }
}

/// What a run did: how it ended and one summary per account, in auth-file order.
public struct RunReport: Sendable {
    public var outcome: RunOutcome
    public var accounts: [AccountSummary]
}
