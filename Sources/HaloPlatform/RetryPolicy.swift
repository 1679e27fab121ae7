/// How hard a request is tried before it is given up — the one policy of every retry loop (the Halo API
/// client's, the syslog senders'): a bounded number of attempts, each within ``attemptTimeout``, waits that
/// start at ``baseDelay`` and double up to ``maxDelay`` (optionally jittered), and an optional bound on the
/// whole request.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per request, the first included (at least 1).
    public var maxAttempts: Int
    /// The wait after the first failed attempt.
    public var baseDelay: Duration
    /// The longest wait between two attempts.
    public var maxDelay: Duration
    /// The longest one attempt may take (until the answer starts, or the bytes are acknowledged).
    public var attemptTimeout: Duration
    /// The longest one request may take, all attempts and waits included; `nil`: bounded by the attempts only.
    public var maxTotalTime: Duration?
    /// Whether each wait is scaled by a random factor in [0.5, 1], so that parallel requests do not retry in step.
    public var jitter: Bool

    public init(
        maxAttempts: Int = 6, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(30),
        attemptTimeout: Duration = .seconds(60), maxTotalTime: Duration? = .seconds(300), jitter: Bool = true
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.attemptTimeout = attemptTimeout
        self.maxTotalTime = maxTotalTime
        self.jitter = jitter
    }

    /// The wait after failed attempt number `attempt` (from 1): `baseDelay·2^(attempt−1)`, at most `maxDelay`,
    /// jittered if the policy says so.
    public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        var delay = baseDelay
        for _ in 1..<max(attempt, 1) where delay < maxDelay { delay *= 2 }
        delay = min(delay, maxDelay)
        return jitter ? delay * Double.random(in: 0.5...1, using: &generator) : delay
    }
}

extension Duration {
    /// The duration in seconds.
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
