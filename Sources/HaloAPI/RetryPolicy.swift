/// How the API client retries a request that failed for a passing reason (429, 5xx, timeout, reset,
/// truncated or invalid JSON): exponential backoff with jitter, a bounded number of attempts and a bounded
/// total time. A `Retry-After` from the server is honoured when it fits in the time left.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per request, the first included (the Halo SDK makes 1 + 5).
    public var maxAttempts: Int
    /// The wait before the first retry; doubled for each further retry.
    public var baseDelay: Double
    /// The longest wait between two attempts.
    public var maxDelay: Double
    /// The longest time one request may take, all attempts and waits included (seconds).
    public var maxTotalTime: Double

    public init(maxAttempts: Int = 6, baseDelay: Double = 1, maxDelay: Double = 30, maxTotalTime: Double = 300) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxTotalTime = maxTotalTime
    }

    /// The wait before attempt `attempt + 1` after `attempt` failed: `baseDelay·2^(attempt−1)`, capped at
    /// `maxDelay`, scaled by a random factor in [0.5, 1] so that parallel fetches do not retry in step.
    func backoff(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Double {
        let exponential = baseDelay * Double(1 << min(max(attempt - 1, 0), 30))
        return min(maxDelay, exponential) * Double.random(in: 0.5...1, using: &generator)
    }
}
