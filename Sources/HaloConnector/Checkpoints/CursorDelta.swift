import HaloModel

/// How one cursor differs from another: what a pending batch records instead of a second copy of the
/// ids its checkpoint's cursor already holds (up to ``DeliveryCursor/maximumIDs``, rewritten every batch).
/// ``applied(to:)`` on the cursor it was taken from gives back the other cursor exactly.
struct CursorDelta: Sendable, Hashable {
    var newest: HaloTimestamp?
    var coveredFrom: HaloTimestamp?
    var lastSweep: HaloTimestamp?
    /// Ids `next` holds that `base` does not (or holds with another time).
    var added: [String: HaloTimestamp]
    /// Ids `base` holds that `next` does not.
    var removed: [String]

    init(newest: HaloTimestamp?, coveredFrom: HaloTimestamp?, lastSweep: HaloTimestamp?, added: [String: HaloTimestamp], removed: [String]) {
        self.newest = newest
        self.coveredFrom = coveredFrom
        self.lastSweep = lastSweep
        self.added = added
        self.removed = removed
    }

    /// The delta that takes `base` to `next`.
    init(from base: DeliveryCursor, to next: DeliveryCursor) {
        self.init(
            newest: next.newest, coveredFrom: next.coveredFrom, lastSweep: next.lastSweep,
            added: next.delivered.filter { base.delivered[$0.key] != $0.value },
            removed: base.delivered.keys.filter { next.delivered[$0] == nil })
    }

    /// `base` with this delta applied.
    func applied(to base: DeliveryCursor) -> DeliveryCursor {
        var delivered = base.delivered
        for id in removed { delivered[id] = nil }
        delivered.merge(added) { _, new in new }
        return DeliveryCursor(newest: newest, coveredFrom: coveredFrom, delivered: delivered, lastSweep: lastSweep)
    }
}
