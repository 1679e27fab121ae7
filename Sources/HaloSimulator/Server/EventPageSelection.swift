/// Which events answer one `GET /v1/events` request: the total count and this page's indices.
///
/// Without filters everything is arithmetic on the timeline (binary searches, no scan), so any page of
/// a million-event stream costs the same. Filters (`type`, `critical`, `server_*`, `group_id`) scan the
/// `since`…`until` index range once, computing only each event's few filtered facts.
///
/// With a tie key (``TieOrder/shuffledPerRequest``) the selection takes in the whole runs of equal
/// `created_at` at both ends of the page, permutes every run with this request's key, and serves the
/// page's slice of that order: the set of events per query and `count` stay as they are.
struct EventPageSelection {
    let count: Int
    let indices: [Int]

    init(query: EventQuery, generator: EventGenerator, visibility: Visibility, tieKey: UInt64?) {
        let timeline = generator.timeline
        let lo = query.since.map { timeline.firstIndex(atOrAfter: $0) } ?? 0
        let hi = query.until.map { timeline.firstIndex(after: $0) } ?? timeline.count
        let first = (query.page - 1) * query.perPage
        guard lo < hi else {
            count = 0
            indices = []
            return
        }
        let selected: (count: Int, events: [Int], firstRank: Int)
        if query.hasFilters {
            selected = Self.scan(query, generator: generator, visibility: visibility, range: lo..<hi, first: first, whole: tieKey != nil)
        } else {
            selected = Self.arithmetic(query, timeline: timeline, visibility: visibility, range: lo..<hi, first: first, whole: tieKey != nil)
        }
        count = selected.count
        var events = selected.events
        if let tieKey { Self.shuffleRuns(&events, timeline: timeline, key: tieKey) }
        let from = min(events.count, max(0, first - selected.firstRank))
        indices = Array(events[from..<min(events.count, from + query.perPage)])
    }

    /// The page's events in order (with `whole`, widened to whole runs of equal `created_at`) and the rank
    /// of the first, without a scan.
    private static func arithmetic(_ query: EventQuery, timeline: Timeline, visibility: Visibility, range: Range<Int>, first: Int,
                                   whole: Bool) -> (count: Int, events: [Int], firstRank: Int) {
        let before = timeline.visibleBefore(range.lowerBound, visibility)
        let count = timeline.visibleBefore(range.upperBound, visibility) - before
        let end = min(count, first + query.perPage)
        guard first < end else { return (count, [], first) }
        // Ascending ranks of the page, widened to whole runs when asked.
        var ascLo = query.descending ? count - end : first
        var ascHi = query.descending ? count - first : end
        func index(_ rank: Int) -> Int { Self.index(ofRank: before + rank, in: range, timeline: timeline, visibility: visibility) }
        if whole {
            let runStart = timeline.firstIndex(atOrAfter: timeline.timestamp(index(ascLo)))
            let runEnd = timeline.firstIndex(after: timeline.timestamp(index(ascHi - 1)))
            ascLo = timeline.visibleBefore(max(runStart, range.lowerBound), visibility) - before
            ascHi = timeline.visibleBefore(min(runEnd, range.upperBound), visibility) - before
        }
        var events: [Int] = []
        events.reserveCapacity(ascHi - ascLo)
        var i = index(ascLo)
        while events.count < ascHi - ascLo {
            if timeline.isVisible(i, visibility) { events.append(i) }
            i += 1
        }
        if query.descending { events.reverse() }
        return (count, events, query.descending ? count - ascHi : ascLo)
    }

    /// The page's events in order (with `whole`, widened to whole runs of equal `created_at`) and the rank
    /// of the first, by one scan of `range` in the query's order.
    private static func scan(_ query: EventQuery, generator: EventGenerator, visibility: Visibility, range: Range<Int>, first: Int,
                             whole: Bool) -> (count: Int, events: [Int], firstRank: Int) {
        let timeline = generator.timeline
        let end = first + query.perPage
        var matched = 0
        var events: [Int] = []
        var firstRank = first
        // With `whole`: the matched events at the latest timestamp before rank `first`, and the page's last timestamp.
        var run: [Int] = []
        var runTime = Int64.min
        var lastTime: Int64?
        func consider(_ i: Int) {
            guard timeline.isVisible(i, visibility), matches(query, generator.skeleton(i)) else { return }
            let rank = matched
            matched += 1
            guard whole else {
                if rank >= first && rank < end { events.append(i) }
                return
            }
            let time = timeline.timestamp(i)
            if rank < first {
                if time != runTime { run.removeAll(keepingCapacity: true) }
                runTime = time
                run.append(i)
            } else if rank < end {
                if rank == first && time == runTime {
                    events = run
                    firstRank = first - run.count
                }
                events.append(i)
                lastTime = time
            } else if time == lastTime {
                events.append(i)
            }
        }
        if query.descending {
            for i in range.reversed() { consider(i) }
        } else {
            for i in range { consider(i) }
        }
        return (matched, events, firstRank)
    }

    /// Permutes every run of equal `created_at` in `events` (whole runs, adjacent) with `key`.
    private static func shuffleRuns(_ events: inout [Int], timeline: Timeline, key: UInt64) {
        var start = 0
        while start < events.count {
            let time = timeline.timestamp(events[start])
            var end = start + 1
            while end < events.count && timeline.timestamp(events[end]) == time { end += 1 }
            if end - start > 1 {
                var rng = SplitMix64(key: hashKey(key, UInt64(events[start..<end].min() ?? 0)))
                for k in stride(from: end - 1, to: start, by: -1) {
                    events.swapAt(k, start + rng.below(k - start + 1))
                }
            }
            start = end
        }
    }

    /// The smallest index `x` in `range` with `visibleBefore(x + 1) > rank`: the visible event of that rank.
    private static func index(ofRank rank: Int, in range: Range<Int>, timeline: Timeline, visibility: Visibility) -> Int {
        var lo = range.lowerBound, hi = range.upperBound - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if timeline.visibleBefore(mid + 1, visibility) > rank { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    private static func matches(_ query: EventQuery, _ facts: EventGenerator.Skeleton) -> Bool {
        if let types = query.types, !(facts.type.map(types.contains) ?? false) { return false }
        if let critical = query.critical, facts.critical != critical { return false }
        if query.serverID != nil || query.serverPlatform != nil || query.groupID != nil {
            guard facts.hasServer else { return false }
            if let id = query.serverID, facts.server.id != id { return false }
            if let platform = query.serverPlatform, facts.server.platform.lowercased() != platform.lowercased() { return false }
            if let group = query.groupID, facts.server.groupID != group { return false }
        }
        return true
    }
}
