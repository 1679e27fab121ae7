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
        /// Lateness bounds in microseconds (whole milliseconds); `nil`: waves.
        let lateness: ClosedRange<Int64>?
        let latenessKey: UInt64
    }

    /// The service's current time at start, microseconds since 1970: the span's start when live, else `now`.
    let serviceStartMicros: Int64

    init(configuration c: SimulatorConfiguration, account: Int) {
        count = c.eventsPerAccount
        let nowMicros = Timeline.floorToMillis(c.now.microseconds)
        spanMicros = max(1, c.span.microseconds)
        startMicros = nowMicros - spanMicros
        oldCount = Int((Double(c.eventsPerAccount) * c.oldStyleShare).rounded(.down))
        bursts = c.bursts
        jitterKey = hashKey(c.seed, Salt.timeJitter, UInt64(account))
        burstKey = hashKey(c.seed, Salt.burst, UInt64(account))
        serviceStartMicros = Timeline.serviceStartMicros(c)
        late = nil
        if let settings = c.lateArrivals {
            let first = firstIndex(atOrAfter: nowMicros - settings.window.microseconds)
            late = Late(
                first: first,
                every: settings.every,
                count: (count - first) / settings.every,
                waves: settings.waves,
                delayMicros: settings.delay.microseconds,
                lateness: settings.lateness.map {
                    Timeline.ceilToMillis($0.lowerBound.microseconds)...max(Timeline.ceilToMillis($0.lowerBound.microseconds), Timeline.floorToMillis($0.upperBound.microseconds))
                },
                latenessKey: hashKey(c.seed, Salt.lateness, UInt64(account))
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

    /// How long after its `created_at` late arrival `m` arrives (lateness model only).
    private func latenessMicros(_ m: Int, _ late: Late, _ bounds: ClosedRange<Int64>) -> Int64 {
        let steps = (bounds.upperBound - bounds.lowerBound) / 1000 + 1
        let draw = mix64(late.latenessKey &+ UInt64(m)).multipliedFullWidth(by: UInt64(steps)).high
        return bounds.lowerBound + Int64(draw) * 1000
    }

    /// The service time (microseconds since 1970) from which event `i` is served.
    func visibleAtMicros(_ i: Int) -> Int64 {
        let created = timestamp(i)
        guard let late, let m = lateNumber(i) else { return created }
        if let bounds = late.lateness { return created + latenessMicros(m, late, bounds) }
        return max(created, serviceStartMicros + late.delayMicros * Int64(m % late.waves + 1))
    }

    /// How long after start event `i` becomes visible: for a late arrival the time from start to its
    /// arrival (zero if it came before), otherwise the time until its `created_at` (`nil`: visible at once).
    func visibleAfterMicros(_ i: Int) -> Int64? {
        let after = visibleAtMicros(i) - serviceStartMicros
        if lateNumber(i) != nil { return max(0, after) }
        return after > 0 ? after : nil
    }

    /// What is served at service time `currentMicros` (= ``serviceStartMicros`` + `elapsedMicros`).
    func visibility(elapsedMicros: Int64) -> Visibility {
        let current = serviceStartMicros + elapsedMicros
        let end = firstIndex(after: current)
        guard let late else { return Visibility(end: end, waves: 0, hidden: []) }
        guard let bounds = late.lateness else {
            let waves = late.delayMicros > 0 ? Int(min(Int64(late.waves), max(0, elapsedMicros / late.delayMicros))) : late.waves
            return Visibility(end: end, waves: waves, hidden: [])
        }
        // Late events created at or before `current − max lateness` have all arrived; look only after it.
        let from = firstIndex(after: current - bounds.upperBound)
        var m = max(0, (from - late.first + late.every) / late.every - 1)
        var hidden: [Int] = []
        while m < late.count {
            let i = late.first + late.every * (m + 1) - 1
            if i >= end { break }
            if i >= from, timestamp(i) + latenessMicros(m, late, bounds) > current { hidden.append(i) }
            m += 1
        }
        return Visibility(end: end, waves: 0, hidden: hidden)
    }

    /// Whether event `i` is served under `visibility`.
    func isVisible(_ i: Int, _ visibility: Visibility) -> Bool {
        guard i < visibility.end else { return false }
        guard let late, let m = lateNumber(i) else { return true }
        if late.lateness != nil { return !visibility.isHidden(i) }
        return m % late.waves < visibility.waves
    }

    /// The number of events served under `visibility` among indices `0..<x`.
    func visibleBefore(_ x: Int, _ visibility: Visibility) -> Int {
        let y = min(x, visibility.end)
        guard let late, y > late.first else { return y }
        if late.lateness != nil { return y - visibility.hiddenBefore(y) }
        let lates = min(late.count, (y - late.first) / late.every)
        let visibleLates = (lates / late.waves) * visibility.waves + min(lates % late.waves, visibility.waves)
        return y - (lates - visibleLates)
    }

    // MARK: Helpers

    /// The service's current time at start under `c`: the span's start when live, else `now` (whole milliseconds).
    static func serviceStartMicros(_ c: SimulatorConfiguration) -> Int64 {
        let nowMicros = floorToMillis(c.now.microseconds)
        return c.live ? nowMicros - max(1, c.span.microseconds) : nowMicros
    }

    static func floorToMillis(_ micros: Int64) -> Int64 {
        let r = ((micros % 1000) + 1000) % 1000
        return micros - r
    }

    static func ceilToMillis(_ micros: Int64) -> Int64 {
        let r = ((micros % 1000) + 1000) % 1000
        return r == 0 ? micros : micros - r + 1000
    }
}

/// Which events one request sees: those created by the service's current time (indices below ``end``),
/// less the late arrivals not yet arrived (waves not yet due, or the ``hidden`` indices).
struct Visibility: Sendable {
    /// Events at this index and after are not yet created.
    let end: Int
    /// Wave model: the number of waves visible.
    let waves: Int
    /// Lateness model: late arrivals below ``end`` not yet arrived, ascending.
    let hidden: [Int]

    func isHidden(_ i: Int) -> Bool {
        let k = hiddenBefore(i)
        return k < hidden.count && hidden[k] == i
    }

    /// The number of hidden indices below `x`.
    func hiddenBefore(_ x: Int) -> Int {
        var lo = 0, hi = hidden.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if hidden[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
