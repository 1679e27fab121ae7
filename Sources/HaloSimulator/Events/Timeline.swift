/// The time axis of one account's event stream.
///
/// Event *i*'s `created_at` is a monotone (non-decreasing) function of *i*, so the events are in
/// `created_at` order by index and a `since`/`until` bound becomes an index range by binary search.
/// Nothing is stored per event: bursts, jitter and late arrivals are all computed from the index.
struct Timeline: Sendable {
    /// Number of events (late ones included).
    let count: Int
    /// Start of the span, in microseconds since 1970.
    let startMicros: Int64
    /// Length of the span, in microseconds.
    let spanMicros: Int64
    /// Events `0..<oldCount` are old-style (microsecond timestamps); later ones have milliseconds.
    let oldCount: Int
    let bursts: Bursts?
    private(set) var late: Late?
    private let jitterKey: UInt64
    private let burstKey: UInt64

    /// The late arrivals: indices `first + every·(m+1) − 1` for `m` in `0..<count`.
    struct Late: Sendable {
        let first: Int
        let every: Int
        let count: Int
        let waves: Int
        let delayMicros: Int64
    }

    init(configuration c: SimulatorConfiguration, account: Int) {
        count = c.eventsPerAccount
        let nowMicros = Timeline.floorToMillis(c.now.microseconds)
        spanMicros = max(1, c.span.microseconds)
        startMicros = nowMicros - spanMicros
        oldCount = Int((Double(c.eventsPerAccount) * c.oldStyleShare).rounded(.down))
        bursts = c.bursts
        jitterKey = hashKey(c.seed, Salt.timeJitter, UInt64(account))
        burstKey = hashKey(c.seed, Salt.burst, UInt64(account))
        late = nil
        if let settings = c.lateArrivals {
            let first = firstIndex(atOrAfter: nowMicros - settings.window.microseconds)
            late = Late(
                first: first,
                every: settings.every,
                count: (count - first) / settings.every,
                waves: settings.waves,
                delayMicros: settings.delay.microseconds
            )
        }
    }

    // MARK: created_at

    /// `created_at` of event `i`, in microseconds since 1970 (whole milliseconds unless old-style).
    func timestamp(_ i: Int) -> Int64 {
        let micros = base(effectiveIndex(i))
        return i < oldCount ? micros : Timeline.ceilToMillis(micros)
    }

    /// Whether event `i` is old-style.
    func isOldStyle(_ i: Int) -> Bool { i < oldCount }

    /// The index whose base time event `i` takes: the first index of its burst, else `i`.
    private func effectiveIndex(_ i: Int) -> Int {
        guard let bursts, let run = burst(inBlock: i / bursts.every), run.contains(i) else { return i }
        return run.lowerBound
    }

    /// Jittered, evenly spread base time: `start + ⌊(i + u) · span / count⌋` with `u` in [0, 1).
    private func base(_ i: Int) -> Int64 {
        let jitter = mix64(jitterKey &+ UInt64(i)) & 1023
        let numerator = UInt64(i) &* 1024 &+ jitter
        let product = numerator.multipliedFullWidth(by: UInt64(spanMicros))
        let quotient = UInt64(count * 1024).dividingFullWidth(product).quotient
        return startMicros + Int64(quotient)
    }

    /// The burst in block `block` (events `block·every ..< (block+1)·every`): a run that straddles a
    /// multiple of 100 inside the block, when the block holds one.
    func burst(inBlock block: Int) -> Range<Int>? {
        guard let bursts else { return nil }
        let blockStart = block * bursts.every
        let blockEnd = min(blockStart + bursts.every, count)
        var rng = SplitMix64(key: hashKey(burstKey, UInt64(block)))
        let length = bursts.sizes.lowerBound + rng.below(bursts.sizes.count)
        let firstBoundary = (blockStart / 100 + 1) * 100
        let lastBoundary = (blockStart + bursts.every - 1) / 100 * 100
        var start: Int
        if firstBoundary <= lastBoundary {
            let boundary = firstBoundary + 100 * rng.below((lastBoundary - firstBoundary) / 100 + 1)
            start = boundary - length / 2
        } else {
            start = blockStart + rng.below(bursts.every - length + 1)
        }
        start = max(start, blockStart)
        let end = min(start + length, blockEnd, blockStart + bursts.every)
        return end - start >= 2 ? start..<end : nil
    }

    /// The first index whose `created_at` is at or after `micros` (`count` if none).
    func firstIndex(atOrAfter micros: Int64) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if timestamp(mid) < micros { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The first index whose `created_at` is after `micros` (`count` if none).
    func firstIndex(after micros: Int64) -> Int {
        micros == .max ? count : firstIndex(atOrAfter: micros + 1)
    }

    // MARK: Late arrivals

    /// The late-arrival number of event `i` (0-based), or `nil` when `i` is not late.
    func lateNumber(_ i: Int) -> Int? {
        guard let late, i >= late.first else { return nil }
        let d = i - late.first + 1
        guard d % late.every == 0 else { return nil }
        let m = d / late.every - 1
        return m < late.count ? m : nil
    }

    /// How long after start event `i` becomes visible (`nil`: visible from the start).
    func visibleAfterMicros(_ i: Int) -> Int64? {
        guard let late, let m = lateNumber(i) else { return nil }
        return late.delayMicros * Int64(m % late.waves + 1)
    }

    /// The number of late waves visible `elapsedMicros` after start.
    func visibleWaves(elapsedMicros: Int64) -> Int {
        guard let late else { return 0 }
        guard late.delayMicros > 0 else { return late.waves }
        return Int(min(Int64(late.waves), max(0, elapsedMicros / late.delayMicros)))
    }

    /// Whether event `i` is visible when `waves` waves of late arrivals are.
    func isVisible(_ i: Int, waves: Int) -> Bool {
        guard let late, let m = lateNumber(i) else { return true }
        return m % late.waves < waves
    }

    /// The number of visible events among indices `0..<x` when `waves` waves are visible.
    func visibleBefore(_ x: Int, waves: Int) -> Int {
        guard let late, x > late.first else { return x }
        let lates = min(late.count, (x - late.first) / late.every)
        let visibleLates = (lates / late.waves) * waves + min(lates % late.waves, waves)
        return x - (lates - visibleLates)
    }

    // MARK: Helpers

    static func floorToMillis(_ micros: Int64) -> Int64 {
        let r = ((micros % 1000) + 1000) % 1000
        return micros - r
    }

    static func ceilToMillis(_ micros: Int64) -> Int64 {
        let r = ((micros % 1000) + 1000) % 1000
        return r == 0 ? micros : micros - r + 1000
    }
}
