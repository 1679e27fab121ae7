import HaloModel

/// What one account's run did; ``line`` is the summary printed on stderr at the end of the run.
public struct AccountSummary: Sendable, Hashable {
    public var keyID: String
    /// Events written to the output (and committed in the checkpoint).
    public var delivered = 0
    /// Events read again (lookback window, page overlaps) and dropped as already delivered.
    public var repeats = 0
    public var pages = 0
    public var requests = RequestStatistics()
    public var seconds: Double = 0
    /// The newest `created_at` the checkpoint holds after the run.
    public var newest: HaloTimestamp?
    /// Why the account failed; `nil` when it succeeded.
    public var failure: String?
    /// The run was stopped (SIGTERM, SIGINT) before this account was read to the end; what it read is committed.
    public var stopped = false

    public init(keyID: String) { self.keyID = keyID }

    public var succeeded: Bool { failure == nil }

    /// One line: `key K: ok, …`, `key K: stopped, …` or `key K: FAILED: why …`.
    public var line: String {
        let counts = "\(delivered) event\(delivered == 1 ? "" : "s") delivered, \(repeats) repeat\(repeats == 1 ? "" : "s") dropped, "
            + "\(pages) page\(pages == 1 ? "" : "s"), \(requests.requests) request\(requests.requests == 1 ? "" : "s") "
            + "(\(requests.retries) retr\(requests.retries == 1 ? "y" : "ies"), \(requests.tokensFetched) token\(requests.tokensFetched == 1 ? "" : "s")), "
            + HaloAPIClient.format(seconds) + " s"
        let checkpoint = "checkpoint \(newest.map { $0.description } ?? "not set")"
        guard let failure else {
            guard !stopped else { return "key \(keyID): stopped, \(counts); \(checkpoint) (the next run goes on from there)" }
            return "key \(keyID): ok, \(counts); \(checkpoint)"
        }
        return "key \(keyID): FAILED: \(failure). Before that: \(counts); \(checkpoint) (nothing after it was committed)"
    }
}
