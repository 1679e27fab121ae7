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
    /// Live service: its current time starts at the beginning of the span (``now`` − ``span``) and moves
    /// with ``clock``; an event is served only once its `created_at` (a late one: `created_at` + its
    /// lateness) has come. Off: the current time starts at ``now``, every event already created.
    public var live = false
    /// Order of events sharing one `created_at`, request after request.
    public var tieOrder: TieOrder = .stable
    /// Deepest `page` served; a deeper one answers 422 ("move since forward").
    public var maxPage = 100
    /// Largest `per_page` accepted; a larger one answers 422 naming `per_page`.
    public var maxPerPage = 100
    /// The `pagination` object of a last page.
    public var lastPage: LastPageForm = .nextAbsent
    /// The answer to a page past the end.
    public var pastEnd: PastEndAnswer = .emptyList
    /// Answer event pages gzip-compressed (`Content-Encoding: gzip`) to requests that accept gzip
    /// (`Accept-Encoding`); a request that does not ask always gets plain JSON.
    public var gzip = false
    /// How long the service keeps events: a `since` older than this before the service's current time
    /// answers 422 naming `since`. `nil`: any `since` is accepted.
    public var retention: Duration? = nil
    /// Share (0…1) of events that carry the extra fields of real events: `additional_details`, `ec2_*`
    /// (server events), `original_log_entry` (LIDS findings).
    public var extraFieldsShare: Double = 0
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
