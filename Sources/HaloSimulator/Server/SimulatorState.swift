import NIOConcurrencyHelpers

/// The mutable side of a running simulator: issued tokens, rate-limit windows, the events-request
/// counter that schedules faults, and the statistics. Safe to use from any request.
final class SimulatorState: Sendable {
    private struct Token {
        let account: Int
        let expiresAtMicros: Int64
        var revoked = false
    }

    private struct Window {
        var number: Int64
        var requests: Int
    }

    private struct Inner {
        var tokens: [String: Token] = [:]
        var tokensIssued: UInt64 = 0
        var eventsRequests = 0
        var windows: [Int: Window] = [:]
        var stats = SimulatorStats()
    }

    /// The outcome of checking a bearer token.
    enum TokenCheck: Equatable {
        case valid(account: Int)
        case unknown
        case expired
        case revoked
    }

    private let inner = NIOLockedValueBox(Inner())
    private let tokenKey: UInt64

    init(seed: UInt64) { tokenKey = hashKey(seed, Salt.token) }

    var stats: SimulatorStats { inner.withLockedValue { $0.stats } }

    /// Starts the statistics afresh; returns them as they were.
    func resetStats() -> SimulatorStats {
        inner.withLockedValue { s in
            defer { s.stats = SimulatorStats() }
            return s.stats
        }
    }

    /// Which endpoint a request came to.
    enum Endpoint {
        case token, events
    }

    /// Counts a request to `endpoint` as it arrives (whatever its answer).
    func record(request endpoint: Endpoint) {
        inner.withLockedValue { s in
            switch endpoint {
            case .token: s.stats.tokenRequests += 1
            case .events: s.stats.eventsRequests += 1
            }
        }
    }

    /// Issues a token for `account`, valid until `expiresAtMicros` (simulator time); expired tokens are forgotten.
    func issueToken(account: Int, nowMicros: Int64, expiresAtMicros: Int64) -> String {
        inner.withLockedValue { s in
            s.tokens = s.tokens.filter { $0.value.expiresAtMicros > nowMicros }
            s.tokensIssued += 1
            s.stats.tokensIssued += 1
            let token = hex(hashKey(tokenKey, s.tokensIssued, 1), width: 16) + hex(hashKey(tokenKey, s.tokensIssued, 2), width: 16)
            s.tokens[token] = Token(account: account, expiresAtMicros: expiresAtMicros)
            return token
        }
    }

    func check(token: String, nowMicros: Int64) -> TokenCheck {
        inner.withLockedValue { s in
            guard let record = s.tokens[token] else { return .unknown }
            if record.revoked { return .revoked }
            return record.expiresAtMicros > nowMicros ? .valid(account: record.account) : .expired
        }
    }

    func revoke(token: String) {
        inner.withLockedValue { $0.tokens[token]?.revoked = true }
    }

    /// Counts a request against `account`'s window; returns the seconds to wait when over the limit.
    func admit(account: Int, nowMicros: Int64, limit: RateLimit?) -> Int64? {
        guard let limit else { return nil }
        let windowMicros = limit.per.microseconds
        let number = nowMicros / windowMicros
        return inner.withLockedValue { s in
            var window = s.windows[account] ?? Window(number: number, requests: 0)
            if window.number != number { window = Window(number: number, requests: 0) }
            window.requests += 1
            s.windows[account] = window
            guard window.requests > limit.requests else { return nil }
            let remaining = (number + 1) * windowMicros - nowMicros
            return max(1, (remaining + 999_999) / 1_000_000)
        }
    }

    /// The number (from 1) of this events request, for fault scheduling.
    func nextEventsRequest() -> Int {
        inner.withLockedValue { s in
            s.eventsRequests += 1
            return s.eventsRequests
        }
    }

    func record(status: Int) {
        inner.withLockedValue { $0.stats.requestsByStatus[status, default: 0] += 1 }
    }

    func record(fault name: String) {
        inner.withLockedValue { $0.stats.faultsInjected[name, default: 0] += 1 }
    }

    func record(eventsServed n: Int) {
        inner.withLockedValue { $0.stats.eventsServed += n }
    }
}
