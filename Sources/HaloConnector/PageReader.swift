import HaloModel

/// Reads one account's events oldest first (`sort_by=created_at.asc`, `per_page=100`), with up to
/// `parallelism` requests in flight, handing pages out strictly in page order.
///
/// A request starts as soon as the one `parallelism` pages before it is answered, not when the caller has
/// taken that page: up to ``window`` pages are fetched ahead, so requests keep going while the caller
/// formats and writes a batch.
///
/// The API serves at most 100 pages per query, so after ``pagesPerAnchor`` pages the reader re-anchors:
/// it starts a new query at page 1 with `since` = the newest `created_at` seen. The events at that instant
/// are read twice; the ``DeliveryCursor`` drops the repeats. Memory stays bounded by the pages fetched
/// ahead, whatever the backlog.
struct PageReader {
    let client: HaloAPIClient
    let parallelism: Int
    let perPage = 100
    /// Pages read per query before re-anchoring (the API refuses page 101).
    let pagesPerAnchor = 99
    /// Pages fetched (or being fetched) ahead of the caller.
    var window: Int { 2 * parallelism }

    /// The `since` of the current query.
    private(set) var since: HaloTimestamp?
    private(set) var pagesRead = 0
    private(set) var reanchors = 0
    /// Things the operator should know (e.g. a burst too large to page through).
    private(set) var warnings: [String] = []

    private var nextPage = 1
    private var inFlight: [(page: Int, task: Task<EventPage, any Error>)] = []
    /// `count` from the latest answer to the current query: how many pages it is worth fetching ahead.
    private var knownCount: Int?
    private var newestSeen: HaloTimestamp?
    private var finished = false

    init(client: HaloAPIClient, since: HaloTimestamp?, parallelism: Int) {
        self.client = client
        self.since = since
        self.parallelism = max(1, parallelism)
    }

    /// The events of the next page, or `nil` after the last one.
    mutating func next() async throws -> [HaloEvent]? {
        guard !finished else { return nil }
        schedule()
        let (page, task) = inFlight.removeFirst()
        // A stopping run (its task cancelled) stops waiting: the page, and its retries, are cancelled too.
        let answer = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        pagesRead += 1
        knownCount = answer.count
        for event in answer.events {
            if let t = event.createdAt, newestSeen.map({ t > $0 }) ?? true { newestSeen = t }
        }
        if answer.events.count < perPage || answer.next == nil {
            finish()
        } else if page == pagesPerAnchor {
            reanchor()
        }
        // Refill the window now, so that pages are on their way while the caller formats and writes this
        // one (with one thread, the next page would otherwise wait for the write).
        if !finished { schedule() }
        return answer.events
    }

    /// Cancels the pages still in flight (after an error, or when the caller stops early).
    mutating func finish() {
        finished = true
        for (_, task) in inFlight { task.cancel() }
        inFlight.removeAll()
    }

    /// Queues fetches until ``window`` pages are ahead: only page 1 before the first answer of the first
    /// query, then as many as the latest `count` says exist (at least the next page when the last was full).
    /// Each waits for the answer to the page `parallelism` before it, so at most `parallelism` requests run
    /// at once.
    private mutating func schedule() {
        while inFlight.count < window, nextPage <= pagesPerAnchor {
            if let knownCount {
                guard (nextPage - 1) * perPage < knownCount || inFlight.isEmpty else { break }
            } else if !inFlight.isEmpty {
                break
            }
            let predecessor = inFlight.count >= parallelism ? inFlight[inFlight.count - parallelism].task : nil
            let (client, since, page, perPage) = (client, since, nextPage, perPage)
            inFlight.append((page, Task {
                // After a failed page the caller stops at that page: this one is not needed.
                if let predecessor, case .failure = await predecessor.result { throw CancellationError() }
                try Task.checkCancellation()
                return try await client.eventPage(since: since, page: page, perPage: perPage)
            }))
            nextPage += 1
        }
    }

    private mutating func reanchor() {
        guard let newestSeen else {
            warnings.append("\(pagesPerAnchor) full pages without a single created_at; stopped reading this account")
            finish()
            return
        }
        if let since, newestSeen <= since {
            // Every event of 99 full pages shares one timestamp: the API offers no way to page past them.
            warnings.append(
                "more than \(pagesPerAnchor * perPage) events share created_at \(since); the API cannot page past them, so events of that instant beyond the first \(pagesPerAnchor * perPage) may be missing")
            self.since = since.adding(microseconds: 1)
        } else {
            since = newestSeen
        }
        nextPage = 1
        // The new query holds at least what the old one had beyond its pages read (plus the events of the
        // re-anchoring instant, read again): its first pages can be fetched at once, in parallel.
        knownCount = knownCount.map { max(0, $0 - pagesPerAnchor * perPage) }
        reanchors += 1
    }
}
