/// An OAuth2 bearer token and when to stop using it.
struct AccessToken: Sendable {
    var value: String
    /// Renew once the clock passes this point (a margin before the real expiry).
    var renewAfter: ContinuousClock.Instant

    /// A token that lives `expiresIn` seconds from `issuedAt`, renewed a tenth of its life (at most a minute)
    /// before it runs out, so a request never leaves with a token about to expire.
    init(value: String, expiresIn: Double, issuedAt: ContinuousClock.Instant) {
        self.value = value
        let margin = min(60, expiresIn / 10)
        renewAfter = issuedAt + .milliseconds(Int64(max(0, expiresIn - margin) * 1000))
    }
}

/// The token of one account, shared by its parallel page fetches: fetched once, reused until it is due
/// for renewal or the API refuses it, and renewed by one fetch while the others wait for it.
actor TokenCache {
    private var token: AccessToken?
    private var renewal: Task<AccessToken, any Error>?
    /// Tokens fetched so far (the first one included).
    private(set) var fetched = 0

    /// The current token, fetching a new one with `fetch` when there is none or it is due.
    func current(fetch: @escaping @Sendable () async throws -> AccessToken) async throws -> AccessToken {
        if let token, ContinuousClock.now < token.renewAfter { return token }
        if let renewal { return try await withTaskCancellationHandler { try await renewal.value } onCancel: { renewal.cancel() } }
        let task = Task { try await fetch() }
        renewal = task
        defer { renewal = nil }
        // The waiters are the account's page fetches; they are cancelled together (the run stops, or the
        // reader gives up), and then the fetch of the token is moot too.
        let fresh = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        fetched += 1
        token = fresh
        return fresh
    }

    /// Forgets `value` if it is still the current token (the API answered 401 to it).
    func invalidate(_ value: String) {
        if token?.value == value { token = nil }
    }
}
