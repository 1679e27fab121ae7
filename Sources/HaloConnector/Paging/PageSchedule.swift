import HaloModel

/// A page of one account's read: the query it belongs to (numbered from 0; each query has its own `since`)
/// and its number in that query (from 1).
public struct PageID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var query: Int
    public var page: Int

    public init(query: Int, page: Int) {
        self.query = query
        self.page = page
    }

    public static func < (a: PageID, b: PageID) -> Bool { (a.query, a.page) < (b.query, b.page) }
    public var description: String { "query \(query) page \(page)" }
}

/// What the schedule needs to know of an answered page.
public struct PageFacts: Sendable, Hashable {
    /// The API's `count` for the query.
    public var count: Int?
    /// Events on the page.
    public var events: Int
    /// Whether the page links to a next one.
    public var hasNext: Bool
    /// The newest `created_at` on the page (the schedule needs it of a query's last page only).
    public var newest: HaloTimestamp?

    public init(count: Int?, events: Int, hasNext: Bool, newest: HaloTimestamp?) {
        self.count = count
        self.events = events
        self.hasNext = hasNext
        self.newest = newest
    }
}

/// Something paging met that the operator should know, noted when the caller takes the page it concerns.
public enum PagingNotice: Sendable, Hashable {
    /// A query's last page held no `created_at` to start the next query from: reading stopped there.
    case noTimestampToGoOn(pages: Int)
    /// More events than one query can page through share one `created_at`: some may be missing.
    case burstTooLarge(at: HaloTimestamp, events: Int)
    /// The service refused pages of `asked` events: the run goes on with `using`.
    case perPageRefused(asked: Int, using: Int)
    /// The service refused page `refused` of a query: queries move `since` on after `depth` pages.
    case pageDepthLimited(refused: Int, depth: Int)
    /// Events sharing one `created_at` came back in a different order from one request to the next and,
    /// after every pass allowed, `read` of the `count` events of that instant had been seen: some may be missing.
    case instantIncomplete(at: HaloTimestamp, read: Int, count: Int)
}

/// The page schedule of one account's read, as a pure state machine: it is told what happened (a page was
/// answered, arrived decoded, failed, was taken by the caller) and answers with what to do (fetch these
/// pages, cancel those). ``PageReader`` drives it with real requests; tests drive it by hand.
///
/// Reading goes oldest first, query by query: the API serves at most ``pagesPerQuery`` pages per query, so
/// a query's last page gives the next query its `since` (the newest `created_at` on it; the events of that
/// instant are read twice and the ``DeliveryCursor`` drops the repeats). Pages are handed to the caller
/// strictly in order (``nextPage``). At most ``parallelism`` requests are on the wire, and at most
/// ``window`` pages are fetched ahead of the caller. A query's size is known from the first answer's `count`:
/// only page 1 of a query of unknown size is fetched until then. When a query is known to go past its last
/// page, that last page is fetched at once, out of turn, so the next query's `since` is known early and its
/// pages follow with no pause at the query boundary.
struct PageSchedule {
    /// What the reader must do.
    enum Action: Sendable, Hashable {
        /// Send the request for this page, with this `since` (`nil`: from the oldest event).
        case fetch(PageID, since: HaloTimestamp?)
        /// Cancel the request for this page (its answer is no longer wanted).
        case cancel(PageID)
    }

    let perPage: Int
    let pagesPerQuery: Int
    let parallelism: Int
    var window: Int { 2 * parallelism }
    private(set) var notices: [PagingNotice] = []

    private enum State: Equatable {
        case planned, onTheWire, answered, arrived(PageFacts), failed

        var isOut: Bool { self == .onTheWire || self == .answered }
    }

    private struct Query {
        let since: HaloTimestamp?
        /// Events it holds: the latest `count`, or an estimate from the previous query.
        var count: Int?
        /// Its last page was fetched out of turn.
        var lastPageEarly = false
    }

    private var queries: [Int: Query] = [:]
    /// Pages planned and not yet taken by the caller, in the order they are handed out.
    private var pages: [PageID] = []
    private var states: [PageID: State] = [:]
    /// Last pages fetched out of turn: on the wire beside the ``parallelism`` others.
    private var early: Set<PageID> = []
    /// The next page to plan.
    private var planning = PageID(query: 0, page: 1)
    /// The first page that failed: planning stops after it.
    private var failedAt: PageID?
    private(set) var isFinished = false

    /// A schedule reading from `since` (`nil`: from the oldest event).
    init(since: HaloTimestamp?, parallelism: Int, perPage: Int = 100, pagesPerQuery: Int = 99) {
        self.perPage = perPage
        self.pagesPerQuery = pagesPerQuery
        self.parallelism = max(1, parallelism)
        queries[0] = Query(since: since)
    }

    /// The page the caller takes next, once it has arrived; `nil` when reading is over.
    var nextPage: PageID? { isFinished ? nil : pages.first }

    /// The first requests.
    mutating func start() -> [Action] { plan() }

    /// The API answered `id` (it may still be decoding): its place on the wire is free.
    mutating func answered(_ id: PageID) -> [Action] {
        guard states[id] == .onTheWire else { return [] }
        states[id] = .answered
        return plan()
    }

    /// `id` arrived, decoded.
    mutating func arrived(_ id: PageID, _ facts: PageFacts) -> [Action] {
        guard states[id]?.isOut == true else { return [] }
        states[id] = .arrived(facts)
        if var query = queries[id.query], let count = facts.count {
            query.count = count
            queries[id.query] = query
        }
        if id.page == pagesPerQuery, facts.events >= perPage, facts.hasNext, queries[id.query + 1] == nil,
            let since = nextSince(after: facts, query: id.query).since
        {
            let estimate = queries[id.query]?.count.flatMap { $0 > pagesPerQuery * perPage ? $0 - pagesPerQuery * perPage : nil }
            queries[id.query + 1] = Query(since: since, count: estimate)
        }
        return plan()
    }

    /// `id` failed for good: the caller gets the failure when it reaches that page (the pages before it are
    /// still read, also when `id` was a last page fetched out of turn); nothing after it is fetched.
    mutating func failed(_ id: PageID) -> [Action] {
        guard states[id] != nil else { return [] }
        states[id] = .failed
        failedAt = min(failedAt ?? id, id)
        let later = states.keys.filter { $0 > id }.sorted()
        let actions = later.filter { states[$0]?.isOut == true }.map(Action.cancel)
        for page in later { states[page] = nil }
        early = early.filter { $0 <= id }
        pages.removeAll { $0 > id }
        return actions + plan()
    }

    /// The caller took `id` (the page ``nextPage`` named, arrived): the last page of the read ends it; a
    /// query's last page moves reading on to the next query.
    mutating func taken(_ id: PageID) -> [Action] {
        guard pages.first == id, case .arrived(let facts) = states[id] else { return [] }
        pages.removeFirst()
        states[id] = nil
        early.remove(id)
        if facts.events < perPage || !facts.hasNext { return finish() }
        if id.page == pagesPerQuery {
            let (since, notice) = nextSince(after: facts, query: id.query)
            if let notice { notices.append(notice) }
            guard let since else { return finish() }
            if queries[id.query + 1] == nil { queries[id.query + 1] = Query(since: since) }
            queries[id.query] = nil
            if planning.query <= id.query { planning = PageID(query: id.query + 1, page: 1) }
        }
        return plan()
    }

    /// Ends the read: every request still out is cancelled.
    mutating func finish() -> [Action] {
        guard !isFinished else { return [] }
        isFinished = true
        let actions = states.filter(\.value.isOut).keys.sorted().map(Action.cancel)
        pages.removeAll()
        states.removeAll()
        queries.removeAll()
        early.removeAll()
        return actions
    }

    /// The `since` of the query after `query`, whose last page had `facts`, and what the operator should know.
    private func nextSince(after facts: PageFacts, query: Int) -> (since: HaloTimestamp?, notice: PagingNotice?) {
        guard let newest = facts.newest else { return (nil, .noTimestampToGoOn(pages: pagesPerQuery)) }
        guard let previous = queries[query]?.since, newest <= previous else { return (newest, nil) }
        // Every event of the query's pages shares one timestamp: the API offers no way to page past them.
        return (previous.adding(microseconds: 1), .burstTooLarge(at: previous, events: pagesPerQuery * perPage))
    }

    /// The out-of-turn fetch of `query`'s last page, when its count says it goes past it and it is not asked for yet.
    private mutating func fetchLastPageEarly(of number: Int) -> Action? {
        guard var query = queries[number], !query.lastPageEarly, let count = query.count, count > pagesPerQuery * perPage else {
            return nil
        }
        let id = PageID(query: number, page: pagesPerQuery)
        guard states[id] == nil, planning <= id else { return nil }
        query.lastPageEarly = true
        queries[number] = query
        states[id] = .onTheWire
        early.insert(id)
        return .fetch(id, since: query.since)
    }

    /// Plans pages until ``window`` are ahead of the caller, and puts planned pages on the wire while fewer
    /// than ``parallelism`` are there.
    private mutating func plan() -> [Action] {
        guard !isFinished else { return [] }
        while pages.count < window, let id = nextToPlan() {
            pages.append(id)
            if states[id] == nil { states[id] = .planned }
        }
        // The query being planned goes out of turn for its last page when it is known to go past it (only
        // that query: the read never runs ahead of the window by more than that one page).
        var actions = fetchLastPageEarly(of: planning.query).map { [$0] } ?? []
        var wire = states.count { $0.value == .onTheWire && !early.contains($0.key) }
        for id in pages where wire < parallelism && states[id] == .planned {
            states[id] = .onTheWire
            wire += 1
            actions.append(.fetch(id, since: queries[id.query]?.since))
        }
        return actions
    }

    /// The next page worth planning, advancing ``planning``; `nil` when none is yet.
    private mutating func nextToPlan() -> PageID? {
        while true {
            if let failedAt, planning > failedAt { return nil }
            guard let query = queries[planning.query] else { return nil }
            if planning.page > pagesPerQuery {
                // Past a query's last page: on to the next query, once its since is known.
                guard queries[planning.query + 1] != nil else { return nil }
                planning = PageID(query: planning.query + 1, page: 1)
                continue
            }
            if let count = query.count {
                guard (planning.page - 1) * perPage < count || pages.isEmpty else { return nil }
            } else if !pages.isEmpty {
                return nil
            }
            defer { planning.page += 1 }
            return planning
        }
    }
}
