import HaloModel

/// One request for a page of events: `GET /v1/events` oldest first from `since` (up to `until`).
public struct PageRequest: Sendable, Hashable {
    /// Events with `created_at >= since`; `nil`: from the oldest event the service keeps.
    public var since: HaloTimestamp?
    /// Events with `created_at <= until`; `nil`: up to the newest.
    public var until: HaloTimestamp?
    /// The page, from 1.
    public var page: Int
    /// Events per page.
    public var perPage: Int

    public init(since: HaloTimestamp?, until: HaloTimestamp? = nil, page: Int, perPage: Int) {
        self.since = since
        self.until = until
        self.page = page
        self.perPage = perPage
    }
}

/// Where one account's events come from (the Halo API through `HaloAPI`'s client; anything in tests).
///
/// A source retries what may pass by itself and throws only what ends the account's read; cancelling the
/// calling task cancels the request.
public protocol EventSource: Sendable {
    /// One page. `answered` is called once the answer is in, before it is decoded, so that the next request
    /// can leave while this one decodes.
    func page(_ request: PageRequest, answered: @escaping @Sendable () -> Void) async throws -> EventPage
    /// What the source did so far.
    func statistics() async -> RequestStatistics
}

/// What an event source did: requests sent (retries included), retries, tokens fetched.
public struct RequestStatistics: Sendable, Hashable {
    public var requests = 0
    public var retries = 0
    public var tokensFetched = 0

    public init(requests: Int = 0, retries: Int = 0, tokensFetched: Int = 0) {
        self.requests = requests
        self.retries = retries
        self.tokensFetched = tokensFetched
    }
}

/// The event sources of a run, one per account, and what they share (an HTTP client).
public protocol EventService: Sendable {
    /// The source of `key`'s account.
    func source(for key: APIKey) -> any EventSource
    /// Releases what the sources share; called once, when the run is over.
    func shutdown() async
}

/// An error of an ``EventSource`` that can tell whether the service refused a page's parameters.
public protocol EventSourceError: Error {
    /// The service refused the request's parameters (Halo: HTTP 422): more events per page than it serves,
    /// or a page deeper than it serves. A smaller page or a later `since` may pass; the same request cannot.
    var refusedPageParameters: Bool { get }
}

/// Whether `error` is an ``EventSourceError`` saying the page's parameters were refused.
func refusesPageParameters(_ error: any Error) -> Bool { (error as? any EventSourceError)?.refusedPageParameters ?? false }
