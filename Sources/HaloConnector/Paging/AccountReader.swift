import HaloModel

/// One account's events from `since` on, oldest first: the pages of a ``PageReader`` with what the service
/// may do to them mended on the way.
///
/// - **Equal timestamps across a page boundary.** The API pages by offset over `created_at`, which is not
///   unique; if it orders events of one instant differently from one request to the next, a run of them
///   split between two pages can show some events twice and hide others. Where that happened (see
///   ``BoundaryRun``), the instant is read on its own (`since` = `until` = it, see ``RangeReader``) and the
///   events it hid are handed out with the page, after that instant's events on it.
/// - **A refused page size** (HTTP 422 on the first page, more than ``PagingLimits/fallbackPerPage`` asked):
///   the read starts again with that many, and the run's other accounts ask for that many too.
/// - **A refused deep page** (HTTP 422 on page *n* > 1): the read goes on from the newest `created_at`
///   handed out, paging at most *n* − 1 pages per query from then on (for the whole run).
final class AccountReader {
    private let source: any EventSource
    private let limits: PagingLimits
    private let parallelism: Int
    private var reader: PageReader
    /// Where the current page reader started.
    private var since: HaloTimestamp?
    /// The newest `created_at` handed out.
    private var newest: HaloTimestamp?
    /// The last page handed out.
    private var previous: PageID?
    /// The run of equal timestamps at the end of the pages handed out.
    private var run = BoundaryRun()
    private var finishedNotices: [PagingNotice] = []
    /// Restarts of the page reader so far (each moves on or learns a limit, so they are few).
    private var restarts = 0

    /// A reader from `since` (`nil`: from the oldest event).
    init(source: any EventSource, since: HaloTimestamp?, limits: PagingLimits, parallelism: Int) {
        self.source = source
        self.limits = limits
        self.parallelism = parallelism
        self.since = since
        reader = AccountReader.pageReader(source, since: since, limits: limits, parallelism: parallelism)
    }

    /// What the operator should know about the read so far.
    var notices: [PagingNotice] { finishedNotices + reader.notices }

    /// The events of the next page, or `nil` after the last one; throws what ends the read.
    func next() async throws -> [HaloEvent]? {
        while true {
            let page: ReadPage
            do {
                guard let next = try await reader.next() else { return nil }
                page = next
            } catch let failure as PageReadFailure {
                guard refusesPageParameters(failure.error), restarts < AccountReader.maximumRestarts,
                    case .from(let from) = restart(after: failure)
                else { throw failure.error }
                restarts += 1
                finishedNotices += reader.notices
                since = from
                previous = nil
                run = BoundaryRun()
                reader = AccountReader.pageReader(source, since: from, limits: limits, parallelism: parallelism)
                continue
            }
            if total == nil, page.id == PageID(query: 0, page: 1) { total = page.count }
            var events = page.events
            let continuing = previous.map { $0.query == page.id.query && $0.page == page.id.page - 1 } ?? false
            if case .hidden(let instant, let known, let head) = run.take(events, continuing: continuing) {
                events.insert(contentsOf: try await read(instant: instant, knowing: known), at: head)
            }
            previous = page.id
            if let last = events.lazy.compactMap(\.createdAt).max(), newest.map({ last > $0 }) ?? true { newest = last }
            return events
        }
    }

    /// Ends the read early: every request still out is cancelled.
    func finish() {
        finishedEarly = true
        reader.finish()
    }

    /// The API's `count` of the first query: about how many events the read goes through (repeats included).
    private(set) var total: Int?

    /// Whether ``finish()`` ended the read before its last page.
    private(set) var finishedEarly = false

    private enum Restart {
        /// A new page reader from this `since`.
        case from(HaloTimestamp?)
        /// Nothing smaller or later can pass.
        case impossible
    }

    /// Where to go on after `failure`, a refused page, learning the limit it shows.
    private func restart(after failure: PageReadFailure) -> Restart {
        if failure.page == PageID(query: 0, page: 1), newest == nil {
            let asked = reader.perPage
            guard asked > PagingLimits.fallbackPerPage else { return .impossible }
            if limits.refused(perPage: asked) {
                finishedNotices.append(.perPageRefused(asked: asked, using: PagingLimits.fallbackPerPage))
            }
            return .from(since)
        }
        guard failure.page.page > 1 else { return .impossible }
        if limits.refused(page: failure.page.page) {
            finishedNotices.append(.pageDepthLimited(refused: failure.page.page, depth: limits.pagesPerQuery))
        }
        // On from the newest instant handed out (read again, its repeats dropped); past it if nothing newer came.
        guard let newest else { return .from(since) }
        if let since, newest <= since {
            finishedNotices.append(.burstTooLarge(at: since, events: (failure.page.page - 1) * reader.perPage))
            return .from(since.adding(microseconds: 1))
        }
        return .from(newest)
    }

    /// The events of `instant` but those `known`, read on their own.
    private func read(instant: HaloTimestamp, knowing known: Set<String>) async throws -> [HaloEvent] {
        let range = RangeReader(source: source, perPage: limits.perPage, pagesPerQuery: limits.pagesPerQuery)
        let found = try await range.read(from: instant, through: instant, knowing: known)
        if !found.complete {
            finishedNotices.append(.instantIncomplete(at: instant, read: known.count + found.events.count, count: found.count))
        }
        return found.events
    }

    private static func pageReader(_ source: any EventSource, since: HaloTimestamp?, limits: PagingLimits, parallelism: Int) -> PageReader {
        PageReader(source: source, since: since, parallelism: parallelism, perPage: limits.perPage, pagesPerQuery: limits.pagesPerQuery)
    }

    /// Restarts of one read at most.
    static let maximumRestarts = 1_000
}
