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
