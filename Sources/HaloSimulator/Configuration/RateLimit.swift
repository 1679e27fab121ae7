/// A fixed-window request-rate limit per API key.
public struct RateLimit: Sendable, Hashable {
    /// Requests allowed per window.
    public var requests: Int
    /// Window length.
    public var per: Duration

    /// At most `requests` per window of `per`, per key.
    public init(requests: Int, per: Duration = .seconds(1)) {
        self.requests = requests
        self.per = per
    }
}
