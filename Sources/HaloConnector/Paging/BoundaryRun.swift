import HaloModel

/// The run of events sharing the `created_at` at the end of the pages handed out so far, and whether the
/// page boundaries inside it may have hidden some of its events — a pure state machine, told each page.
///
/// Offset paging puts the run of one instant at the same positions in every request (the events before it
/// do not change), whatever order the service gives the events inside it. So when a run spans a page
/// boundary, the positions it fills are the tail of one page and the head of the next (and any whole pages
/// between): if the events seen there are as many distinct events as those positions, every event of the
/// instant was seen; if some event showed up twice, another was hidden, and the instant must be read on
/// its own. A stable service costs nothing: no request is added unless an event is seen twice.
struct BoundaryRun {
    /// The instant of the run at the end of the last page (`nil`: none).
    private(set) var instant: HaloTimestamp?
    /// Page positions the run fills so far.
    private var positions = 0
    /// Keys (``DeliveryCursor/key(for:)``) of the distinct events seen in the run.
    private var keys: Set<String> = []
    /// The run has crossed a page boundary.
    private var spansBoundary = false

    /// What a page says about the run that ended on it.
    enum Verdict: Equatable {
        /// Nothing to do.
        case whole
        /// The run of `instant`, which ends on this page after its first `head` events, showed fewer distinct
        /// events than positions: read the instant on its own, knowing `known`.
        case hidden(instant: HaloTimestamp, known: Set<String>, head: Int)
    }

    /// Takes the next page handed out: `continuing` when it follows the last page in the same query (a
    /// new query starts again from its `since`, reading the instant whole).
    mutating func take(_ events: [HaloEvent], continuing: Bool) -> Verdict {
        var verdict = Verdict.whole
        if continuing, let instant {
            let head = events.prefix { $0.createdAt == instant }
            positions += head.count
            for event in head { keys.insert(DeliveryCursor.key(for: event)) }
            if !head.isEmpty { spansBoundary = true }
            // The run goes on past this page: judge it on the page where it ends (which may hold none of it,
            // when the run ended exactly at a boundary).
            if head.count == events.count, !events.isEmpty { return .whole }
            if spansBoundary, keys.count < positions { verdict = .hidden(instant: instant, known: keys, head: head.count) }
        }
        // The run at the end of this page.
        instant = events.last?.createdAt
        let tail = instant.map { last in events.reversed().prefix { $0.createdAt == last } } ?? []
        positions = tail.count
        keys = Set(tail.map(DeliveryCursor.key(for:)))
        spansBoundary = false
        return verdict
    }
}
