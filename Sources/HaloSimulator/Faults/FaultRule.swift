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

    /// Checks the kind's parameters and the trigger; throws for the first bad one.
    func validate() throws(SimulatorConfigurationError) {
        func fail(_ code: SimulatorConfigurationError.Code, _ value: Any) -> SimulatorConfigurationError {
            SimulatorConfigurationError(code, value: "\(value) (\(kind.statsName))")
        }
        switch kind {
        case .tooManyRequests(let retryAfter) where retryAfter < 0: throw fail(.faultRetryAfter, retryAfter)
        case .serverError(let status) where !(500...599).contains(status): throw fail(.faultStatus, status)
        case .slowResponse(let delay) where delay < .zero: throw fail(.faultDelay, delay)
        default: break
        }
        switch trigger {
        case .requests(let numbers) where numbers.contains(where: { $0 < 1 }): throw fail(.faultRequests, numbers.sorted())
        case .every(let n) where n < 1: throw fail(.faultEvery, n)
        case .probability(let p) where !(0...1).contains(p): throw fail(.faultProbability, p)
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
