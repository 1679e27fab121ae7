/// What the simulator has seen and done; the same data `GET /_sim/stats` answers.
///
/// Requests to `/_sim/…` are not counted. ``HaloSimulator/resetStats()`` (or `POST /_sim/stats/reset`)
/// starts them afresh, e.g. between runs of a connector.
public struct SimulatorStats: Sendable, Hashable, Codable {
    /// Answers by HTTP status code (token and events endpoints, and unknown paths); connections reset by
    /// the fault ``FaultKind/connectionReset`` got no answer and are not counted here.
    public var requestsByStatus: [Int: Int] = [:]
    /// Injected faults by ``FaultKind/statsName`` (plus ``FaultKind/rateLimitStatsName`` for the per-key limit).
    public var faultsInjected: [String: Int] = [:]
    /// Access tokens issued.
    public var tokensIssued = 0
    /// Requests to `POST /oauth/access_token`, counted as they arrive (every answer, 401s included).
    public var tokenRequests = 0
    /// Requests to `GET /v1/events`, counted as they arrive (every answer, faults, refusals and resets included).
    public var eventsRequests = 0
    /// Events sent in 200 answers of `GET /v1/events` (faulty answers included).
    public var eventsServed = 0

    /// Nothing counted yet.
    public init() {}

    /// All counted requests.
    public var totalRequests: Int { requestsByStatus.values.reduce(0, +) }

    /// How many times `kind` was injected.
    public func faults(_ kind: FaultKind) -> Int { faultsInjected[kind.statsName] ?? 0 }

    enum CodingKeys: String, CodingKey {
        case requestsByStatus = "requests_by_status"
        case faultsInjected = "faults_injected"
        case tokensIssued = "tokens_issued"
        case eventsServed = "events_served"
        case tokenRequests = "token_requests"
        case eventsRequests = "events_requests"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let byStatus = try c.decode([String: Int].self, forKey: .requestsByStatus)
        requestsByStatus = Dictionary(uniqueKeysWithValues: byStatus.compactMap { key, value in Int(key).map { ($0, value) } })
        faultsInjected = try c.decode([String: Int].self, forKey: .faultsInjected)
        tokensIssued = try c.decode(Int.self, forKey: .tokensIssued)
        eventsServed = try c.decode(Int.self, forKey: .eventsServed)
        tokenRequests = try c.decodeIfPresent(Int.self, forKey: .tokenRequests) ?? 0
        eventsRequests = try c.decodeIfPresent(Int.self, forKey: .eventsRequests) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Dictionary(uniqueKeysWithValues: requestsByStatus.map { (String($0.key), $0.value) }), forKey: .requestsByStatus)
        try c.encode(faultsInjected, forKey: .faultsInjected)
        try c.encode(tokensIssued, forKey: .tokensIssued)
        try c.encode(eventsServed, forKey: .eventsServed)
        try c.encode(tokenRequests, forKey: .tokenRequests)
        try c.encode(eventsRequests, forKey: .eventsRequests)
    }
}
