import HaloModel

/// Where delivery of one account stands, and the de-duplicator that makes re-reading safe.
///
/// It holds the newest `created_at` delivered and the id of every event delivered at or after
/// ``coveredFrom``. Each run re-reads from ``readFrom(lookback:)`` (a lookback window before the newest
/// timestamp, never before `coveredFrom`) and ``admit(_:)`` drops what was already delivered, so events that
/// share a timestamp across pages, batches or runs, and events that show up late within the window, are
/// delivered exactly once.
public struct DeliveryCursor: Sendable, Hashable {
    /// The newest `created_at` delivered or, before anything was delivered, the point reading starts from
    /// (`--starting`, or the original connector's timestamp). `nil`: from the oldest event Halo keeps.
    public private(set) var newest: HaloTimestamp?
    /// Every event delivered with `created_at >= coveredFrom` is in ``delivered`` (`nil`: every event ever
    /// delivered is). Reading never starts earlier, so a re-read event is always recognised.
    public private(set) var coveredFrom: HaloTimestamp?
    /// The de-duplication key (see ``key(for:)``) of each event delivered at or after ``coveredFrom``, with its `created_at`.
    public private(set) var delivered: [String: HaloTimestamp]
    /// When (wall clock) the API's counts were last compared with what was delivered, to find late arrivals
    /// older than the lookback (see ``LateArrivalSweep``); `nil`: never.
    public var lastSweep: HaloTimestamp?

    /// The most ids kept. Beyond it the oldest timestamps are forgotten whole and ``coveredFrom`` moves up,
    /// which can only narrow the window re-read (never cause a repeat).
    public static let maximumIDs = 50_000

    /// A cursor that has delivered nothing and reads from `start` (`nil`: from the oldest event Halo keeps).
    public init(startingAt start: HaloTimestamp?) {
        newest = start
        coveredFrom = start
        delivered = [:]
    }

    /// A cursor as stored in a checkpoint.
    public init(newest: HaloTimestamp?, coveredFrom: HaloTimestamp?, delivered: [String: HaloTimestamp], lastSweep: HaloTimestamp? = nil) {
        self.newest = newest
        self.coveredFrom = coveredFrom
        self.delivered = delivered
        self.lastSweep = lastSweep
    }

    /// Where the next read starts: `lookback` seconds before the newest delivered timestamp, but not before
    /// ``coveredFrom``; `nil` means from the oldest event Halo keeps.
    public func readFrom(lookback: Double) -> HaloTimestamp? {
        guard let newest else { return nil }
        let back = newest.adding(seconds: -lookback)
        guard let coveredFrom else { return back }
        return max(back, coveredFrom)
    }

    /// What ``admit(_:notAfter:)`` made of an event.
    public enum Admission: Sendable, Hashable {
        /// Delivered before: drop it.
        case repeated
        /// New: deliver it.
        case new
        /// New, but dated after the ceiling: deliver it; it did not move ``newest``.
        case newBeyondCeiling
    }

    /// Whether `event` is new; if it is, it is recorded as delivered and may move ``newest`` forward, but
    /// never past `ceiling`. One event dated far ahead (a clock gone wrong, a crafted event) would otherwise
    /// make every later run read from that date and miss every real event; its id stays known instead, so
    /// the runs that read it again drop it.
    public mutating func admit(_ event: HaloEvent, notAfter ceiling: HaloTimestamp) -> Admission {
        let key = DeliveryCursor.key(for: event)
        guard delivered[key] == nil else { return .repeated }
        let at = event.createdAt ?? newest ?? HaloTimestamp(microseconds: 0)
        delivered[key] = at
        guard at <= ceiling else { return .newBeyondCeiling }
        if newest.map({ at > $0 }) ?? true { newest = at }
        return .new
    }

    /// Forgets the ids that no later run can read again: those more than `lookback` seconds older than the
    /// newest timestamp and older than `horizon` (the oldest `created_at` a late arrival may still have;
    /// `nil`: none is looked for); then keeps at most ``maximumIDs``, dropping whole timestamps, oldest first.
    public mutating func prune(lookback: Double, horizon: HaloTimestamp? = nil) {
        guard let newest else { return }
        let floor = min(newest.adding(seconds: -lookback), horizon ?? newest)
        coveredFrom = max(coveredFrom ?? floor, floor)
        if let coveredFrom { delivered = delivered.filter { $0.value >= coveredFrom } }
        guard delivered.count > DeliveryCursor.maximumIDs else { return }
        let times = delivered.values.sorted(by: >)
        let cut = times[DeliveryCursor.maximumIDs]
        delivered = delivered.filter { $0.value > cut }
        coveredFrom = cut.adding(microseconds: 1)
    }

    /// The `created_at` of every event delivered at or after ``coveredFrom``, sorted.
    func deliveredTimes() -> [HaloTimestamp] { delivered.values.sorted() }

    /// The de-duplication key of an event: its `id`, or, for an event without one, a digest of the whole
    /// event (`json:` and 16 hex digits).
    public static func key(for event: HaloEvent) -> String {
        if let id = event.id, !id.isEmpty { return id }
        return "json:" + Digest.fnv1a64Hex(Array(event.compactJSON.utf8))
    }
}
