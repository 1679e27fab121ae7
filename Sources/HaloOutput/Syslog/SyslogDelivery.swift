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

/// Why a syslog sink could not deliver a batch.
public struct SyslogDeliveryError: Error, CustomStringConvertible {
    /// Where the sink sends, e.g. `tcp 127.0.0.1:514` or `unix socket /dev/log`.
    public var destination: String
    public var attempts: Int
    /// The last failure, as the system or NIO reported it.
    public var reason: String

    public var description: String {
        "could not send syslog messages to \(destination) (\(attempts) attempt\(attempts == 1 ? "" : "s")): \(reason). "
            + "Check that the syslog daemon is running and accepts messages there; "
            + "the batch was not reported written, so the checkpoint stays and the next run sends these events again."
    }
}
