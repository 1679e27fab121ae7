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
/// When they appear is set one of two ways:
/// - **waves** (``lateness`` `nil`): wave *k* (0-based, the late events taken in turn) becomes visible
///   once the simulator's clock has run ``delay`` × (*k* + 1) since start;
/// - **lateness** (``lateness`` set): each late event arrives `created_at` + its own lateness, drawn from
///   the range (whole milliseconds, from the seed and the event), on the service's clock (see
///   ``SimulatorConfiguration/live``): served only once the service's current time reaches it.
public struct LateArrivals: Sendable, Hashable {
    /// Every this many events in the window is late.
    public var every: Int
    /// How far back from `now` late events are created (the whole span for late arrivals all along).
    public var window: Duration
    /// Waves: time after start at which the first wave appears (and the spacing of later waves).
    public var delay: Duration
    /// Waves: number of waves.
    public var waves: Int
    /// How long after its `created_at` each late event arrives; `nil`: waves (``delay``, ``waves``).
    public var lateness: ClosedRange<Duration>?

    /// Every `every`-th event of the last `window` is late; wave k appears `delay` × (k+1) after start.
    public init(every: Int = 10, window: Duration = .seconds(900), delay: Duration = .seconds(30), waves: Int = 2) {
        self.every = every
        self.window = window
        self.delay = delay
        self.waves = waves
        self.lateness = nil
    }

    /// Every `every`-th event of the last `window` is late by a duration within `lateness`
    /// (e.g. `.seconds(60) ... .seconds(72_000)`: from 1 minute to 20 hours).
    public init(every: Int = 10, window: Duration, lateness: ClosedRange<Duration>) {
        self.init(every: every, window: window)
        self.lateness = lateness
    }
}
