import HaloModel

/// Finds the events that appeared after their time had been read — a Halo agent that was offline uploads
/// its events later, with their original `created_at` — cheaply: one request when nothing came late.
///
/// The API's `count` for the swept range is compared with the events the ``DeliveryCursor`` holds there
/// (it keeps the id of every event delivered within the horizon). When they agree, nothing arrived late.
/// When the API counts more, the range is halved, and each half whose count disagrees is halved again
/// (one request per halving: the other half's count is the difference), down to ranges of at most one
/// page; only those are read again, whole, and what they hold that the cursor does not know is late.
struct LateArrivalSweep: Sendable {
    let reader: RangeReader

    /// What a sweep found.
    struct Found: Sendable {
        /// Events of the range; the cursor drops those it delivered before.
        var events: [HaloEvent] = []
        /// Requests sent.
        var requests = 0
        /// Ranges read again.
        var rangesRead = 0
        /// Events the API counts in the range beyond what was delivered (before the read).
        var missing = 0
    }

    /// Halvings of the range at most (24 h halved 40 times is well under a millisecond).
    static let maximumDepth = 40

    /// Sweeps `since...until`, given the sorted `created_at` of what was delivered there (or around it).
    func sweep(from since: HaloTimestamp, through until: HaloTimestamp, delivered: [HaloTimestamp]) async throws -> Found {
        var found = Found()
        guard since <= until else { return found }
        found.requests += 1
        guard let count = try await reader.count(from: since, through: until) else { return found }
        found.missing = max(0, count - LateArrivalSweep.count(of: delivered, from: since, through: until))
        try await locate(since, until, count: count, depth: 0, delivered: delivered, into: &found)
        return found
    }

    private func locate(
        _ since: HaloTimestamp, _ until: HaloTimestamp, count: Int, depth: Int, delivered: [HaloTimestamp], into found: inout Found
    ) async throws {
        guard count > LateArrivalSweep.count(of: delivered, from: since, through: until) else { return }
        let span = until.microseconds - since.microseconds
        if count <= reader.perPage || span < 2 || depth >= LateArrivalSweep.maximumDepth {
            let read = try await reader.read(from: since, through: until)
            found.requests += read.requests
            found.rangesRead += 1
            found.events += read.events
            return
        }
        let middle = HaloTimestamp(microseconds: since.microseconds + span / 2)
        found.requests += 1
        guard let left = try await reader.count(from: since, through: middle) else { return }
        try await locate(since, middle, count: left, depth: depth + 1, delivered: delivered, into: &found)
        try await locate(middle.adding(microseconds: 1), until, count: count - left, depth: depth + 1, delivered: delivered, into: &found)
    }

    /// How many of the sorted `times` fall in `since...until`.
    static func count(of times: [HaloTimestamp], from since: HaloTimestamp, through until: HaloTimestamp) -> Int {
        func firstIndex(notBefore t: HaloTimestamp) -> Int {
            var (lo, hi) = (0, times.count)
            while lo < hi {
                let mid = (lo + hi) / 2
                if times[mid] < t { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        return firstIndex(notBefore: until.adding(microseconds: 1)) - firstIndex(notBefore: since)
    }
}
