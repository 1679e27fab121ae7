/// Which events answer one `GET /v1/events` request: the total count and this page's indices.
///
/// Without filters everything is arithmetic on the timeline (binary searches, no scan), so any page of
/// a million-event stream costs the same. Filters (`type`, `critical`, `server_*`, `group_id`) scan the
/// `since`…`until` index range once, computing only each event's few filtered facts.
struct EventPageSelection {
    let count: Int
    let indices: [Int]

    init(query: EventQuery, generator: EventGenerator, visibleWaves waves: Int) {
        let timeline = generator.timeline
        let lo = query.since.map { timeline.firstIndex(atOrAfter: $0) } ?? 0
        let hi = query.until.map { timeline.firstIndex(after: $0) } ?? timeline.count
        let first = (query.page - 1) * query.perPage
        guard lo < hi else {
            count = 0
            indices = []
            return
        }
        if query.hasFilters {
            var matched = 0
            var page: [Int] = []
            func consider(_ i: Int) {
                guard timeline.isVisible(i, waves: waves), EventPageSelection.matches(query, generator.skeleton(i)) else { return }
                if matched >= first && page.count < query.perPage { page.append(i) }
                matched += 1
            }
            if query.descending {
                for i in (lo..<hi).reversed() { consider(i) }
            } else {
                for i in lo..<hi { consider(i) }
            }
            count = matched
            indices = page
            return
        }
        let before = timeline.visibleBefore(lo, waves: waves)
        count = timeline.visibleBefore(hi, waves: waves) - before
        let wanted = max(0, min(query.perPage, count - first))
        guard wanted > 0 else {
            indices = []
            return
        }
        var page: [Int] = []
        page.reserveCapacity(wanted)
        let startRank = query.descending ? count - 1 - first : first
        var i = EventPageSelection.index(ofRank: before + startRank, in: lo..<hi, timeline: timeline, waves: waves)
        while page.count < wanted {
            if timeline.isVisible(i, waves: waves) { page.append(i) }
            i += query.descending ? -1 : 1
        }
        indices = page
    }

    /// The smallest index `x` in `range` with `visibleBefore(x + 1) > rank`: the visible event of that rank.
    private static func index(ofRank rank: Int, in range: Range<Int>, timeline: Timeline, waves: Int) -> Int {
        var lo = range.lowerBound, hi = range.upperBound - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if timeline.visibleBefore(mid + 1, waves: waves) > rank { hi = mid } else { lo = mid + 1 }
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
