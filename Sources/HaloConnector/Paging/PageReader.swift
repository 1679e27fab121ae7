import HaloModel
import Synchronization

/// Reads one account's pages in order: the thin driver of a ``PageSchedule`` with real requests to an
/// ``EventSource``.
///
/// The schedule lives behind a lock; whatever happens to a request (answered, arrived decoded, failed) is
/// applied the moment it happens, by the request's own task, and the requests the schedule then wants
/// leave at once, while the caller formats and writes a batch. Each fetch is a task of its own (decoding
/// included, so pages decode in parallel). The caller takes pages strictly in order with ``next()``.
/// Memory stays bounded by the schedule's window, whatever the backlog. Cancelling the caller's task ends
/// the read: every request still out is cancelled, and ``next()`` throws `CancellationError`.
final class PageReader: Sendable {
    private struct State: ~Copyable {
        var schedule: PageSchedule
        var requests: [PageID: Task<Void, Never>] = [:]
        var arrived: [PageID: Result<EventPage, any Error>] = [:]
        /// The caller, waiting for a page to arrive.
        var waiter: CheckedContinuation<Void, Never>?
        /// Arrivals so far: a caller about to wait checks it has missed none.
        var arrivals = 0
        var started = false
        var finished = false
    }

    private enum Step {
        case page(ReadPage)
        case failed(PageReadFailure)
        case end
        case wait(arrivals: Int)
    }

    private let state: Mutex<State>
    private let source: any EventSource
    /// The schedule's pages per query: only a query's last page needs its newest `created_at`.
    private let pagesPerQuery: Int

    init(source: any EventSource, since: HaloTimestamp?, parallelism: Int, perPage: Int, pagesPerQuery: Int) {
        self.source = source
        let schedule = PageSchedule(since: since, parallelism: parallelism, perPage: perPage, pagesPerQuery: pagesPerQuery)
        self.pagesPerQuery = schedule.pagesPerQuery
        state = Mutex(State(schedule: schedule))
    }

    /// Events per page asked for.
    var perPage: Int { state.withLock { $0.schedule.perPage } }

    /// What the operator should know about the read so far.
    var notices: [PagingNotice] { state.withLock { $0.schedule.notices } }

    /// The next page, or `nil` after the last one. Throws ``PageReadFailure`` for a page that failed for
    /// good (after every page before it was handed out), `CancellationError` when the caller is cancelled.
    func next() async throws -> ReadPage? {
        while true {
            // The requests run in tasks of their own: a stopping caller stops here, whatever has arrived.
            if Task.isCancelled {
                finish()
                throw CancellationError()
            }
            let step = state.withLock { state -> Step in
                if !state.started {
                    state.started = true
                    perform(state.schedule.start(), in: &state)
                }
                guard !state.finished, let id = state.schedule.nextPage else { return .end }
                guard let result = state.arrived.removeValue(forKey: id) else { return .wait(arrivals: state.arrivals) }
                switch result {
                case .success(let page):
                    perform(state.schedule.taken(id), in: &state)
                    return .page(ReadPage(id: id, events: page.events, count: page.count))
                case .failure(let error):
                    return .failed(PageReadFailure(page: id, error: error))
                }
            }
            switch step {
            case .page(let page):
                return page
            case .end:
                finish()
                return nil
            case .failed(let error):
                finish()
                throw error
            case .wait(let seen):
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let now = state.withLock { state -> Bool in
                            guard state.arrivals == seen, !state.finished, !Task.isCancelled else { return true }
                            state.waiter = continuation
                            return false
                        }
                        if now { continuation.resume() }
                    }
                } onCancel: {
                    state.withLock { state in state.waiter.take() }?.resume()
                }
                if Task.isCancelled {
                    finish()
                    throw CancellationError()
                }
            }
        }
    }

    /// Ends the read (after an error, or when the caller stops early): every request still out is cancelled.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.finished else { return nil }
            state.finished = true
            _ = state.schedule.finish()
            for request in state.requests.values { request.cancel() }
            state.requests.removeAll()
            state.arrived.removeAll()
            return state.waiter.take()
        }
        waiter?.resume()
    }

    /// Sends or cancels requests as the schedule says (under the lock: a request's task cannot report
    /// before it is registered).
    private func perform(_ actions: [PageSchedule.Action], in state: inout State) {
        for action in actions {
            switch action {
            case .fetch(let id, let since):
                let request = PageRequest(since: since, page: id.page, perPage: state.schedule.perPage)
                state.requests[id] = Task { [source] in
                    do {
                        let page = try await source.page(request) { self.answered(id) }
                        self.arrived(id, .success(page))
                    } catch {
                        self.arrived(id, .failure(error))
                    }
                }
            case .cancel(let id):
                state.requests.removeValue(forKey: id)?.cancel()
                state.arrived[id] = nil
            }
        }
    }

    private func answered(_ id: PageID) {
        state.withLock { state in
            guard !state.finished else { return }
            perform(state.schedule.answered(id), in: &state)
        }
    }

    private func arrived(_ id: PageID, _ result: Result<EventPage, any Error>) {
        let facts = try? result.map { page in
            PageFacts(count: page.count, events: page.events.count, hasNext: page.next.map { !$0.isEmpty } ?? false,
                      newest: id.page == pagesPerQuery ? page.events.lazy.compactMap(\.createdAt).max() : nil)
        }.get()
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            // A request cancelled (or of a finished read) reports nothing the schedule still wants.
            guard !state.finished, state.requests.removeValue(forKey: id) != nil else { return nil }
            state.arrived[id] = result
            if let facts {
                perform(state.schedule.arrived(id, facts), in: &state)
            } else {
                perform(state.schedule.failed(id), in: &state)
            }
            state.arrivals += 1
            return state.waiter.take()
        }
        waiter?.resume()
    }
}

/// A page as the reader hands it out.
struct ReadPage: Sendable {
    /// Which page of which query.
    var id: PageID
    /// Its events, in the order the API sent them.
    var events: [HaloEvent]
    /// The API's `count` of the page's query.
    var count: Int?
}

/// A page that failed for good: the source's error, and the page.
struct PageReadFailure: Error {
    var page: PageID
    var error: any Error
}
