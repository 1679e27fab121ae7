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
        }
    }

    /// The ``SimulatorStats/faultsInjected`` key of answers refused by the per-key ``RateLimit``.
    public static let rateLimitStatsName = "key_rate_limit"
}

/// When a fault fires. Requests are counted per simulator, from 1, over the `GET /v1/events` requests
/// that pass authentication and the per-key rate limit (so a retried request gets a new number).
public enum FaultTrigger: Sendable, Hashable {
    /// On exactly these request numbers.
    case requests(Set<Int>)
    /// On every `n`-th request (n, 2n, 3n, …).
    case every(Int)
    /// On each request with this probability (0…1), drawn deterministically from the seed and the
    /// request number.
    case probability(Double)
}

/// One fault and when it fires. When several rules fire on one request, the first in the list wins.
public struct FaultRule: Sendable, Hashable {
    /// What the client gets.
    public var kind: FaultKind
    /// On which requests.
    public var trigger: FaultTrigger

    /// `kind` whenever `trigger` fires.
    public init(_ kind: FaultKind, _ trigger: FaultTrigger) {
        self.kind = kind
        self.trigger = trigger
    }

    /// `kind` on the `n`-th events request (counted from 1).
    public static func onRequest(_ n: Int, _ kind: FaultKind) -> FaultRule { FaultRule(kind, .requests([n])) }

    func validate() throws {
        switch kind {
        case .tooManyRequests(let retryAfter) where retryAfter < 0:
            throw SimulatorConfigurationError(description: "fault \(kind.statsName): Retry-After must not be negative")
        case .serverError(let status) where !(500...599).contains(status):
            throw SimulatorConfigurationError(description: "fault server error: status \(status) is not a 5xx status")
        case .slowResponse(let delay) where delay < .zero:
            throw SimulatorConfigurationError(description: "fault slow response: the delay must not be negative")
        default: break
        }
        switch trigger {
        case .requests(let numbers) where numbers.contains(where: { $0 < 1 }):
            throw SimulatorConfigurationError(description: "fault \(kind.statsName): request numbers count from 1")
        case .every(let n) where n < 1:
            throw SimulatorConfigurationError(description: "fault \(kind.statsName): 'every' must be at least 1")
        case .probability(let p) where !(0...1).contains(p):
            throw SimulatorConfigurationError(description: "fault \(kind.statsName): probability \(p) is not within 0...1")
        default: break
        }
    }

    /// Whether this rule (at `position` in the list) fires on request number `request`.
    func fires(onRequest request: Int, position: Int, seed: UInt64) -> Bool {
        switch trigger {
        case .requests(let numbers): return numbers.contains(request)
        case .every(let n): return request % n == 0
        case .probability(let p):
            var rng = SplitMix64(key: hashKey(seed, Salt.fault, UInt64(position), UInt64(request)))
            return rng.chance(p)
        }
    }
}

extension Array where Element == FaultRule {
    /// The fault to inject into request number `request`, if any.
    func fault(forRequest request: Int, seed: UInt64) -> FaultKind? {
        for (position, rule) in enumerated() where rule.fires(onRequest: request, position: position, seed: seed) {
            return rule.kind
        }
        return nil
    }
}
