import HaloSimulator

extension SimulatorConfigurationError {
    /// The error as `halo-sim` says it: the flag, the value refused, and what it must be.
    var sentence: String { "\(flag) \(value): \(requirement)" }

    /// The option that sets what ``code`` names.
    private var flag: String {
        switch code {
        case .accounts: return "--accounts"
        case .eventsPerAccount: return "--events"
        case .span: return "--span"
        case .tokenLifetime: return "--token-lifetime"
        case .latency: return "--latency"
        case .adversarialShare: return "--adversarial-share"
        case .oldStyleShare, .noLegacyNames: return "--old-style-share"
        case .emptyCatalogue: return "--catalogue"
        case .burstTooShort, .burstLongerThanBlock: return "--burst-size with --burst-every"
        case .lateEvery: return "--late-every"
        case .lateWaves: return "--late-waves"
        case .lateTimes: return "--late-window and --late-delay"
        case .lateness: return "--lateness"
        case .maxPage: return "--max-page"
        case .maxPerPage: return "--max-per-page"
        case .retention: return "--retention"
        case .extraFieldsShare: return "--extra-fields-share"
        case .rateLimit: return "--rate-limit with --rate-window"
        case .faultRetryAfter: return "--retry-after"
        case .faultDelay: return "--slow-delay"
        case .faultStatus, .faultRequests, .faultEvery, .faultProbability, .faultSyntax, .faultKind: return "--fault"
        }
    }
}
