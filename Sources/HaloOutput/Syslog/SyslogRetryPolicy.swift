/// How hard a syslog sink tries before it gives a batch up: each failed attempt (connection refused or
/// reset, write error, timeout) closes the connection, waits, reconnects and sends again; the wait starts at
/// `initialDelay` and doubles up to `maxDelay`.
public struct SyslogRetryPolicy: Sendable, Hashable {
    /// Attempts per batch, the first included (at least 1).
    public var attempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration
    /// The longest one attempt may take to connect, write, and (TCP) see its bytes acknowledged.
    public var attemptTimeout: Duration

    public init(
        attempts: Int = 6,
        initialDelay: Duration = .milliseconds(200),
        maxDelay: Duration = .seconds(5),
        attemptTimeout: Duration = .seconds(60)
    ) {
        self.attempts = max(1, attempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.attemptTimeout = attemptTimeout
    }

    /// The wait after failed attempt number `attempt` (1-based).
    func delay(after attempt: Int) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(attempt, 1) where delay < maxDelay { delay *= 2 }
        return min(delay, maxDelay)
    }
}
