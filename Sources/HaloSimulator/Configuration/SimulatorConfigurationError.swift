/// A configuration the simulator cannot run with: which setting is wrong (``code``) and the value refused.
///
/// ``SimulatorConfiguration/validate()`` and ``FaultRule/init(spec:retryAfter:slowDelay:)`` throw it. Its
/// `description` names the setting by its code; an executable turns ``code`` into its own flag.
public struct SimulatorConfigurationError: Error, Hashable, CustomStringConvertible {
    /// Which setting is wrong, and how.
    public enum Code: Hashable, Sendable {
        /// ``SimulatorConfiguration/accounts`` is below 1.
        case accounts
        /// ``SimulatorConfiguration/eventsPerAccount`` is negative.
        case eventsPerAccount
        /// ``SimulatorConfiguration/span`` is not positive.
        case span
        /// ``SimulatorConfiguration/tokenLifetime`` is not positive.
        case tokenLifetime
        /// ``SimulatorConfiguration/latency`` is negative.
        case latency
        /// ``SimulatorConfiguration/adversarialShare`` is outside 0...1.
        case adversarialShare
        /// ``SimulatorConfiguration/oldStyleShare`` is outside 0...1.
        case oldStyleShare
        /// ``SimulatorConfiguration/catalogue`` has no event types.
        case emptyCatalogue
        /// Old-style events are asked for, and the catalogue has no legacy names.
        case noLegacyNames
        /// ``Bursts/sizes`` starts below 2 events.
        case burstTooShort
        /// ``Bursts/sizes`` reaches beyond the block of ``Bursts/every`` events.
        case burstLongerThanBlock
        /// ``LateArrivals/every`` is below 1.
        case lateEvery
        /// ``LateArrivals/waves`` is below 1.
        case lateWaves
        /// ``LateArrivals/window`` is not positive, or ``LateArrivals/delay`` is negative.
        case lateTimes
        /// ``LateArrivals/lateness`` starts below zero.
        case lateness
        /// ``SimulatorConfiguration/maxPage`` is below 1.
        case maxPage
        /// ``SimulatorConfiguration/maxPerPage`` is below 1.
        case maxPerPage
        /// ``SimulatorConfiguration/retention`` is not positive.
        case retention
        /// ``SimulatorConfiguration/extraFieldsShare`` is outside 0...1.
        case extraFieldsShare
        /// The ``RateLimit`` allows no request, or its window is not positive.
        case rateLimit
        /// A 429 fault's `Retry-After` is negative.
        case faultRetryAfter
        /// A server-error fault's status is not 5xx.
        case faultStatus
        /// A slow fault's delay is negative.
        case faultDelay
        /// A fault's request numbers do not all count from 1.
        case faultRequests
        /// A fault's `every` is below 1.
        case faultEvery
        /// A fault's probability is outside 0...1.
        case faultProbability
        /// A fault spec is not `KIND@WHEN`.
        case faultSyntax
        /// A fault spec names a kind that is not one of ``FaultRule/specKinds``.
        case faultKind
    }

    /// What is wrong.
    public let code: Code
    /// The value refused, as text: a number, a range, or for a fault the spec (or the fault's stats name).
    public let value: String

    /// A `code` error about `value`.
    public init(_ code: Code, value: String) {
        self.code = code
        self.value = value
    }

    /// What the setting must be, e.g. `must be at least 1`.
    public var requirement: String {
        switch code {
        case .eventsPerAccount, .latency: return "must not be negative"
        case .span, .tokenLifetime, .retention: return "must be positive"
        case .lateness: return "must not be negative"
        case .adversarialShare, .oldStyleShare, .extraFieldsShare: return "must be within 0...1"
        case .emptyCatalogue: return "the event type catalogue is empty"
        case .noLegacyNames: return "old-style events need legacy names in the catalogue"
        case .burstTooShort: return "a burst needs at least 2 events"
        case .burstLongerThanBlock: return "a burst must fit in its block of events"
        case .accounts, .lateEvery, .lateWaves, .maxPage, .maxPerPage: return "must be at least 1"
        case .lateTimes: return "the window must be positive and the delay not negative"
        case .rateLimit: return "must allow at least 1 request per positive window"
        case .faultRetryAfter: return "Retry-After must not be negative"
        case .faultDelay: return "the delay must not be negative"
        case .faultStatus: return "the status must be a 5xx status"
        case .faultRequests: return "request numbers are whole numbers from 1, separated by commas"
        case .faultEvery: return "'every=' needs a whole number of at least 1"
        case .faultProbability: return "'p=' needs a probability within 0...1"
        case .faultSyntax: return "expected KIND@WHEN, e.g. 500@3, 429@every=10, close@p=0.01"
        case .faultKind: return "the kind must be one of \(FaultRule.specKinds.joined(separator: ", "))"
        }
    }

    /// The setting (``code``), the value refused and what it must be, e.g. `accounts 0: must be at least 1`.
    public var description: String { "\(code) \(value): \(requirement)" }
}
