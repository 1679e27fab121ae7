#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloModel
import Logging

/// Everything that shapes a simulated Halo service: its accounts and their event streams, time, tokens,
/// latency, faults and limits.
///
/// The defaults switch the hard cases on (bursts, late arrivals, an adversarial share of field values),
/// as tests want them. Equal configurations (including ``now``) serve identical bytes.
public struct SimulatorConfiguration: Sendable {
    /// Number of accounts (API keys), each with its own key id, secret and event stream.
    public var accounts: Int = 2
    /// Events generated per account (late arrivals included).
    public var eventsPerAccount: Int = 1_000
    /// Seed of every generated value.
    public var seed: UInt64 = 1
    /// End of the event time span: the newest event is at or before this instant. Defaults to the
    /// current time, whole milliseconds. Set it for byte-identical runs.
    public var now: HaloTimestamp = SimulatorConfiguration.wallClockNow()
    /// Length of the time span the events are spread over, ending at ``now``.
    public var span: Duration = .seconds(24 * 3600)
    /// Lifetime of an access token (`expires_in`); Halo's is 900 s.
    public var tokenLifetime: Duration = .seconds(900)
    /// Time every API answer (token and events) takes from the request's arrival, the emulator's own work
    /// done within it; for benchmarks of parallel fetching.
    public var latency: Duration = .zero
    /// Faults to inject into `GET /v1/events` answers.
    public var faults: [FaultRule] = []
    /// Per-key request-rate limit on `GET /v1/events` (429 with `Retry-After` beyond it); `nil`: none.
    public var rateLimit: RateLimit? = nil
    /// Share (0…1) of events with hostile field values (line breaks, `|`, `=`, NUL, CEF look-alikes, 64 KiB…).
    public var adversarialShare: Double = 0.05
    /// Runs of events sharing one `created_at`; `nil`: no bursts.
    public var bursts: Bursts? = Bursts()
    /// Events that become visible only after a delay, with a `created_at` in the past; `nil`: none.
    public var lateArrivals: LateArrivals? = LateArrivals()
    /// Share (0…1) of the oldest events that are old-style: `name` only (lower-case legacy names),
    /// microsecond timestamps, `critical` as the string `"True"`/`"False"`.
    public var oldStyleShare: Double = 0
    /// The event types generated.
    public var catalogue: EventCatalogue = .default
    /// The clock that decides token expiry, late-arrival visibility and rate-limit windows.
    public var clock: SimulationClock = .system()
    /// Where the server logs (to standard error); warnings and above by default.
    public var logLevel: Logger.Level = .warning

    /// The defaults: 2 accounts × 1 000 events over the last 24 h, hard cases on, no faults, system clock.
    public init() {}

    /// The current time, truncated to whole milliseconds.
    public static func wallClockNow() -> HaloTimestamp {
        let milliseconds = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        return HaloTimestamp(microseconds: milliseconds * 1000)
    }
}

/// Runs of consecutive events sharing one `created_at`, as a scan produces.
///
/// One burst is placed in every block of ``every`` events, straddling a multiple of 100 events so that it
/// crosses the boundary of 100-event pages read from the start of the stream.
public struct Bursts: Sendable, Hashable {
    /// One burst per this many events.
    public var every: Int
    /// Number of events in a burst.
    public var sizes: ClosedRange<Int>

    /// One burst of `sizes` events per `every` events.
    public init(every: Int = 1_000, sizes: ClosedRange<Int> = 20...250) {
        self.every = every
        self.sizes = sizes
    }
}

/// Late arrivals: among the events created in the last ``window`` before `now`, every ``every``-th is
/// hidden at first and appears later, with its original (past) `created_at`.
///
/// Late events come in ``waves``: wave *k* (0-based, the late events taken in turn) becomes visible
/// once the simulator's clock has run ``delay`` × (*k* + 1) since start.
public struct LateArrivals: Sendable, Hashable {
    /// Every this many events in the window is late.
    public var every: Int
    /// How far back from `now` late events are created.
    public var window: Duration
    /// Time after start at which the first wave appears (and the spacing of later waves).
    public var delay: Duration
    /// Number of waves.
    public var waves: Int

    /// Every `every`-th event of the last `window` is late; wave k appears `delay` × (k+1) after start.
    public init(every: Int = 10, window: Duration = .seconds(900), delay: Duration = .seconds(30), waves: Int = 2) {
        self.every = every
        self.window = window
        self.delay = delay
        self.waves = waves
    }
}

/// A fixed-window request-rate limit per API key.
public struct RateLimit: Sendable, Hashable {
    /// Requests allowed per window.
    public var requests: Int
    /// Window length.
    public var per: Duration

    /// At most `requests` per window of `per`, per key.
    public init(requests: Int, per: Duration = .seconds(1)) {
        self.requests = requests
        self.per = per
    }
}

/// A configuration the simulator cannot run with; says which setting and why.
public struct SimulatorConfigurationError: Error, CustomStringConvertible {
    /// The setting and what is wrong with it.
    public var description: String
}

extension SimulatorConfiguration {
    /// Checks the settings; throws ``SimulatorConfigurationError`` naming the first bad one.
    public func validate() throws {
        func fail(_ text: String) throws -> Never { throw SimulatorConfigurationError(description: text) }
        if accounts < 1 { try fail("accounts must be at least 1 (got \(accounts))") }
        if eventsPerAccount < 0 { try fail("events per account must not be negative (got \(eventsPerAccount))") }
        if span <= .zero { try fail("the time span must be positive") }
        if tokenLifetime <= .zero { try fail("the token lifetime must be positive") }
        if latency < .zero { try fail("latency must not be negative") }
        if !(0...1).contains(adversarialShare) { try fail("the adversarial share must be within 0...1 (got \(adversarialShare))") }
        if !(0...1).contains(oldStyleShare) { try fail("the old-style share must be within 0...1 (got \(oldStyleShare))") }
        if catalogue.allTypes.isEmpty { try fail("the event type catalogue is empty") }
        if oldStyleShare > 0 && catalogue.legacyNames.isEmpty { try fail("old-style events need legacy names in the catalogue") }
        if let bursts {
            if bursts.sizes.lowerBound < 2 { try fail("a burst needs at least 2 events") }
            if bursts.sizes.upperBound > bursts.every { try fail("bursts (up to \(bursts.sizes.upperBound)) must fit in their block of \(bursts.every) events") }
        }
        if let lateArrivals {
            if lateArrivals.every < 1 { try fail("late arrivals: 'every' must be at least 1") }
            if lateArrivals.waves < 1 { try fail("late arrivals: 'waves' must be at least 1") }
            if lateArrivals.window <= .zero || lateArrivals.delay < .zero { try fail("late arrivals: the window must be positive and the delay not negative") }
        }
        if let rateLimit, rateLimit.requests < 1 || rateLimit.per <= .zero {
            try fail("the rate limit must allow at least 1 request per positive window")
        }
        for rule in faults { try rule.validate() }
    }
}
