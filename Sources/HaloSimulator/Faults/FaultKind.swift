/// A fault the emulator can inject into a `GET /v1/events` answer.
public enum FaultKind: Sendable, Hashable {
    /// 429 with a `Retry-After` header of `retryAfter` seconds.
    case tooManyRequests(retryAfter: Int)
    /// A 5xx answer (500, 502, 503 or 504); 502/503/504 carry an HTML body, as proxies send them.
    case serverError(status: Int)
    /// The normal answer, sent after an extra `delay`.
    case slowResponse(delay: Duration)
    /// Headers with the full `Content-Length`, half of the body, then the connection is closed.
    case connectionClosedMidBody
    /// No answer at all: the connection is reset (`SO_LINGER` 0, then closed: an RST, no FIN) before
    /// any byte of the response head. Counted in ``SimulatorStats/faultsInjected``, not in
    /// ``SimulatorStats/requestsByStatus`` (there is no status).
    case connectionReset
    /// A 200 whose JSON body is cut short (its `Content-Length` matches the cut body).
    case truncatedJSON
    /// A 200 whose body is not valid JSON.
    case invalidJSON
    /// The bearer token used is revoked: this and every later request with it answers 401.
    case tokenRevoked
    /// A 200 with the query's true `count` but no events and no next page: the service counts events it
    /// does not serve (what makes a connector's checkpoint stall while the API has events).
    case eventsWithheld

    /// The key under which ``SimulatorStats/faultsInjected`` counts this fault.
    public var statsName: String {
        switch self {
        case .tooManyRequests: return "http_429"
        case .serverError(let status): return "http_\(status)"
        case .slowResponse: return "slow_response"
        case .connectionClosedMidBody: return "connection_closed_mid_body"
        case .connectionReset: return "connection_reset"
        case .truncatedJSON: return "truncated_json"
        case .invalidJSON: return "invalid_json"
        case .tokenRevoked: return "token_revoked"
        case .eventsWithheld: return "events_withheld"
        }
    }

    /// The ``SimulatorStats/faultsInjected`` key of answers refused by the per-key ``RateLimit``.
    public static let rateLimitStatsName = "key_rate_limit"
}
