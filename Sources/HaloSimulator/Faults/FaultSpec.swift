extension FaultRule {
    /// The fault kinds a ``init(spec:retryAfter:slowDelay:)`` spec names.
    public static let specKinds = ["429", "500", "502", "503", "504", "slow", "close", "reset", "truncate", "invalid-json", "revoke", "withhold"]

    /// Parses a command-line fault spec `KIND@WHEN`:
    ///
    /// - `KIND`: `429`, `500`, `502`, `503`, `504`, `slow`, `close` (connection closed mid-body),
    ///   `reset` (connection reset before any answer), `truncate` (JSON cut short), `invalid-json`,
    ///   `revoke` (token revoked), `withhold` (the true count, no events).
    /// - `WHEN`: request numbers `3` or `3,7,12` (events requests counted from 1), `every=N`, or `p=0.05`.
    ///
    /// `429` answers carry `Retry-After: retryAfter`; `slow` answers wait `slowDelay`. Throws a
    /// ``SimulatorConfigurationError`` whose value is `spec`.
    public init(spec: String, retryAfter: Int = 1, slowDelay: Duration = .seconds(2)) throws(SimulatorConfigurationError) {
        func fail(_ code: SimulatorConfigurationError.Code) -> SimulatorConfigurationError {
            SimulatorConfigurationError(code, value: "'\(spec)'")
        }
        let parts = spec.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw fail(.faultSyntax) }
        let kind: FaultKind
        switch parts[0].lowercased() {
        case "429": kind = .tooManyRequests(retryAfter: retryAfter)
        case "500", "502", "503", "504": kind = .serverError(status: Int(parts[0])!)
        case "slow": kind = .slowResponse(delay: slowDelay)
        case "close": kind = .connectionClosedMidBody
        case "reset": kind = .connectionReset
        case "truncate": kind = .truncatedJSON
        case "invalid-json": kind = .invalidJSON
        case "revoke": kind = .tokenRevoked
        case "withhold": kind = .eventsWithheld
        default: throw fail(.faultKind)
        }
        let when = parts[1].lowercased()
        let trigger: FaultTrigger
        if when.hasPrefix("every=") {
            guard let n = Int(when.dropFirst(6)), n >= 1 else { throw fail(.faultEvery) }
            trigger = .every(n)
        } else if when.hasPrefix("p=") {
            guard let p = Double(when.dropFirst(2)), (0...1).contains(p) else { throw fail(.faultProbability) }
            trigger = .probability(p)
        } else {
            let numbers = when.split(separator: ",").map { Int($0) }
            guard !numbers.isEmpty, numbers.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                throw fail(.faultRequests)
            }
            trigger = .requests(Set(numbers.compactMap { $0 }))
        }
        self.init(kind, trigger)
    }
}
