import HaloModel

/// Reads one account's pages in order: the thin async loop that drives a ``PageSchedule`` with real
/// requests to an ``EventSource``.
///
/// Each fetch is a task of its own (decoding included, so pages decode in parallel); what happens to it
/// comes back through one stream, and the schedule decides what to fetch next. Memory stays bounded by
/// the schedule's window, whatever the backlog. Cancelling the caller's task ends the read: every request
/// still out is cancelled, and ``next()`` throws `CancellationError`.
struct PageReader {
    private enum Report: Sendable {
        case answered(PageID)
        case arrived(PageID, Result<EventPage, any Error>)
    }

    private var schedule: PageSchedule
    private let source: any EventSource
    private var requests: [PageID: Task<Void, Never>] = [:]
    private var arrived: [PageID: Result<EventPage, any Error>] = [:]
    private let reports: AsyncStream<Report>.Continuation
    private var incoming: AsyncStream<Report>.Iterator
    private var started = false

    init(source: any EventSource, since: HaloTimestamp?, parallelism: Int) {
        self.source = source
        schedule = PageSchedule(since: since, parallelism: parallelism)
        let (stream, continuation) = AsyncStream<Report>.makeStream()
        reports = continuation
        incoming = stream.makeAsyncIterator()
    }

    /// What the operator should know about the read so far.
    var notices: [PagingNotice] { schedule.notices }

    /// The events of the next page, or `nil` after the last one.
    mutating func next() async throws -> [HaloEvent]? {
        if !started {
            started = true
            perform(schedule.start())
        }
        while let id = schedule.nextPage {
            if let result = arrived.removeValue(forKey: id) {
                switch result {
                case .success(let page):
                    perform(schedule.taken(id))
                    return page.events
                case .failure(let error):
                    finish()
                    throw error
                }
            }
            guard let report = await incoming.next() else {
                // The stream ends only when the caller's task is cancelled.
                finish()
                throw CancellationError()
            }
            switch report {
            case .answered(let page):
                perform(schedule.answered(page))
            case .arrived(let page, let result):
                requests[page] = nil
                switch result {
                case .success(let events):
                    arrived[page] = result
                    perform(schedule.arrived(page, PageFacts(events)))
                case .failure:
                    arrived[page] = result
                    perform(schedule.failed(page))
                }
            }
        }
        finish()
        return nil
    }

    /// Ends the read (after an error, or when the caller stops early): every request still out is cancelled.
    mutating func finish() {
        perform(schedule.finish())
        for request in requests.values { request.cancel() }
        requests.removeAll()
        arrived.removeAll()
        reports.finish()
    }

    private mutating func perform(_ actions: [PageSchedule.Action]) {
        for action in actions {
            switch action {
            case .fetch(let id, let since):
                let (source, reports, perPage) = (source, reports, schedule.perPage)
                requests[id] = Task {
                    let request = PageRequest(since: since, page: id.page, perPage: perPage)
                    do {
                        let page = try await source.page(request) { reports.yield(.answered(id)) }
                        reports.yield(.arrived(id, .success(page)))
                    } catch {
                        reports.yield(.arrived(id, .failure(error)))
                    }
                }
            case .cancel(let id):
                requests.removeValue(forKey: id)?.cancel()
                arrived[id] = nil
            }
        }
    }
}
