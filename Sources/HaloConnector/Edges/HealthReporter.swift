import HaloModel

/// What judges a run's own health (`halo-events --health`): once every account has run, it is given their
/// summaries and event sources (to ask the API's counts) and returns the lines to write, formatted like
/// events. The lines go to the same output, through the same writer, after the last batch (see
/// ``HealthBatch``). An empty answer writes nothing.
public protocol HealthReporter: Sendable {
    /// The health lines of a run whose accounts ended as `accounts` (in auth-file order), each read from the
    /// source beside it.
    func lines(for accounts: [(summary: AccountSummary, source: any EventSource)]) async -> [String]
}

/// What happened to the health lines of a run, for the ``RunObserver``.
public enum HealthNotice: Sendable {
    /// The health lines could not be written (the events were; their checkpoints are committed).
    case notWritten(count: Int, any Error & Sendable)
    /// Health lines a crashed run left pending in `output` were settled before anything was written.
    case pendingSettled(lines: Int, output: String, PendingRecovery.Resolution)
}
