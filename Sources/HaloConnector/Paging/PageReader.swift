import HaloModel

/// Reads one account's events oldest first (`sort_by=created_at.asc`, `per_page=100`), with up to
/// `parallelism` requests in flight, handing pages out strictly in order.
///
/// The API serves at most 100 pages per query, so reading goes query by query (*anchors*): up to
/// ``pagesPerAnchor`` pages from a `since`, then a new query whose `since` is the newest `created_at` of
/// the previous query's last page. The events of that instant are read twice; the ``DeliveryCursor``
/// drops the repeats.
///
/// Requests run ahead of the caller, up to ``window`` pages, each started as soon as the one `parallelism`
/// pages before it is answered (not decoded: decoding is off the chain of requests), so they keep going
/// while the caller formats and writes a batch. When a
/// query's answers show that it goes past its last page, that last page is fetched at once, out of turn:
/// the next query's `since` is then known early and its pages follow in the same stream, with no pause
/// at the query boundary (one request more than `parallelism` may then be in flight). Memory stays
/// bounded by the window, whatever the backlog.
struct PageReader {
    let client: HaloAPIClient
    let parallelism: Int
    let perPage = 100
    /// Pages read per query before re-anchoring (the API refuses page 101).
    let pagesPerAnchor = 99
    /// Pages fetched (or being fetched) ahead of the caller.
    var window: Int { 2 * parallelism }
    /// Things the operator should know (e.g. a burst too large to page through).
    private(set) var warnings: [String] = []

    /// A page requested: its answer, and when it was answered.
    private struct Request {
        let task: Task<EventPage, any Error>
        let answered: PageLatch
    }

    /// One query of up to ``pagesPerAnchor`` pages.
    private struct Anchor {
        /// Its `since`: given for the first query, else from the previous query's last page.
        let since: Task<HaloTimestamp?, any Error>
        /// How many events it holds: the latest `count` answered, or an estimate from the previous query.
        var count: Int?
        /// Its last page, once requested (out of turn when the query is known to go past it).
        var lastPage: Request?
    }

    /// The queries from the one being read on, by number.
    private var anchors: [Int: Anchor] = [:]
    /// The query whose pages the caller is taking, and its `since`.
    private var reading = 0
    private var readingSince: HaloTimestamp?
    /// The next page to request.
    private var nextAnchor = 0
    private var nextPage = 1
    private var inFlight: [(anchor: Int, page: Int, request: Request)] = []
    private var finished = false

    init(client: HaloAPIClient, since: HaloTimestamp?, parallelism: Int) {
        self.client = client
        self.parallelism = max(1, parallelism)
        readingSince = since
        anchors[0] = Anchor(since: Task { since })
    }

    /// The events of the next page, or `nil` after the last one.
    mutating func next() async throws -> [HaloEvent]? {
        guard !finished else { return nil }
        schedule()
        guard !inFlight.isEmpty else {
            finish()
            return nil
        }
        let (anchor, page, request) = inFlight.removeFirst()
        let task = request.task
        // A stopping run (its task cancelled) stops waiting: the page, and its retries, are cancelled too.
        let answer = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        note(count: answer.count, of: anchor)
        if answer.events.count < perPage || answer.next == nil {
            finish()
        } else if page == pagesPerAnchor {
            reanchor(after: answer)
        }
        // Refill the window now, so that pages are on their way while the caller formats and writes this one.
        if !finished { schedule() }
        return answer.events
    }

    /// Cancels every request still in flight (after an error, or when the caller stops early).
    mutating func finish() {
        finished = true
        for (_, _, request) in inFlight { request.task.cancel() }
        for anchor in anchors.values {
            anchor.since.cancel()
            anchor.lastPage?.task.cancel()
        }
        inFlight.removeAll()
        anchors.removeAll()
    }

    /// The `since` of the query after one whose `since` was `previous` and whose last page is `last`, and what
    /// the operator should know about it; a `nil` since means there is no way on.
    static func since(after last: EventPage, previous: HaloTimestamp?, pages: Int, perPage: Int) -> (since: HaloTimestamp?, warning: String?) {
        guard let newest = last.events.lazy.compactMap(\.createdAt).max() else {
            return (nil, "page \(pages) of a query holds no created_at to start the next query from; stopped reading this account here")
        }
        guard let previous, newest <= previous else { return (newest, nil) }
        // Every event of the query's pages shares one timestamp: the API offers no way to page past them.
        return (previous.adding(microseconds: 1),
            "more than \(pages * perPage) events share created_at \(previous); the API cannot page past them, so events of that instant beyond the first \(pages * perPage) may be missing")
    }

    /// Records a query's latest `count`; a query known to go past its last page has that page requested now.
    private mutating func note(count: Int?, of number: Int) {
        guard var anchor = anchors[number] else { return }
        anchor.count = count
        if anchor.lastPage == nil, let count, count > pagesPerAnchor * perPage {
            anchor.lastPage = fetch(page: pagesPerAnchor, since: anchor.since, after: nil)
        }
        anchors[number] = anchor
    }

    /// The caller has the last page of the query it was reading: the next query starts from its newest
    /// `created_at` (already requested when it was known to exist; else from here).
    private mutating func reanchor(after last: EventPage) {
        let (since, warning) = PageReader.since(after: last, previous: readingSince, pages: pagesPerAnchor, perPage: perPage)
        if let warning { warnings.append(warning) }
        guard let since else {
            finish()
            return
        }
        anchors[reading] = nil
        reading += 1
        readingSince = since
        if anchors[reading] == nil {
            anchors[reading] = Anchor(since: Task { since })
            (nextAnchor, nextPage) = (reading, 1)
        }
    }

    /// Requests pages until ``window`` are ahead: only the first page of a query whose size is unknown,
    /// then as many as its `count` says exist (at least the next one when the last was full), then the
    /// next query's when this one is known to go past its last page.
    private mutating func schedule() {
        while inFlight.count < window {
            guard let anchor = anchors[nextAnchor] else { return }
            if nextPage > pagesPerAnchor {
                guard let last = anchor.lastPage?.task, let count = anchor.count, count > pagesPerAnchor * perPage else { return }
                if anchors[nextAnchor + 1] == nil {
                    let (previous, pages, perPage) = (anchor.since, pagesPerAnchor, perPage)
                    let since = Task<HaloTimestamp?, any Error> {
                        let last = try await last.value, previous = try await previous.value
                        guard let since = PageReader.since(after: last, previous: previous, pages: pages, perPage: perPage).since else {
                            throw CancellationError()
                        }
                        return since
                    }
                    anchors[nextAnchor + 1] = Anchor(since: since)
                    note(count: count - pagesPerAnchor * perPage, of: nextAnchor + 1)
                }
                (nextAnchor, nextPage) = (nextAnchor + 1, 1)
                continue
            }
            if let count = anchor.count {
                guard (nextPage - 1) * perPage < count || inFlight.isEmpty else { return }
            } else if !inFlight.isEmpty {
                return
            }
            let request: Request
            if nextPage == pagesPerAnchor, let last = anchor.lastPage {
                request = last
            } else {
                let predecessor = inFlight.count >= parallelism ? inFlight[inFlight.count - parallelism].request.answered : nil
                request = fetch(page: nextPage, since: anchor.since, after: predecessor)
                if nextPage == pagesPerAnchor { anchors[nextAnchor]?.lastPage = request }
            }
            inFlight.append((nextAnchor, nextPage, request))
            nextPage += 1
        }
    }

    /// A request for `page` of the query from `since`, sent once `predecessor` is answered.
    private func fetch(page: Int, since: Task<HaloTimestamp?, any Error>, after predecessor: PageLatch?) -> Request {
        let (client, perPage, answered) = (client, perPage, PageLatch())
        let task = Task {
            do {
                // After a failed page the caller stops at that page: this one is not needed.
                if await predecessor?.wait() == .failed { throw CancellationError() }
                try Task.checkCancellation()
                let events = try await client.eventPage(since: try await since.value, page: page, perPage: perPage) {
                    answered.open(.answered)
                }
                answered.open(.answered)
                return events
            } catch {
                answered.open(.failed)
                throw error
            }
        }
        return Request(task: task, answered: answered)
    }
}
