/// A request about to be tried again after a passing failure.
public struct RetryNotice: Sendable, Hashable {
    /// The account.
    public var keyID: String
    /// The request, e.g. `POST /oauth/access_token`.
    public var request: String
    /// The API.
    public var endpoint: HaloEndpoint
    /// The attempt that failed (1 for the first).
    public var attempt: Int
    /// Attempts allowed per request, the first included.
    public var maxAttempts: Int
    /// Why it failed.
    public var failure: TransientFailure
    /// Seconds until the next attempt.
    public var wait: Double
    /// Whether `wait` is the server's `Retry-After`.
    public var serverAskedWait: Bool
}

/// What the API client tells as it works, as values (the command says them in words).
public enum HaloAPINotice: Sendable, Hashable {
    /// The route the run's requests take, told once when the service is made.
    case route(ProxyRoute)
    /// A request failed passingly and is tried again.
    case retrying(RetryNotice)
}

/// Where the API client's ``HaloAPINotice``s go; called from the client's tasks, so it must be quick.
public struct HaloAPIObserver: Sendable {
    private let tell: @Sendable (HaloAPINotice) -> Void

    public init(_ tell: @escaping @Sendable (HaloAPINotice) -> Void) { self.tell = tell }

    /// An observer that drops every notice.
    public static let ignoring = HaloAPIObserver { _ in }

    func callAsFunction(_ notice: HaloAPINotice) { tell(notice) }
}
