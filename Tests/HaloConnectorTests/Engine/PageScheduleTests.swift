@testable import HaloConnector
import HaloModel
import Testing
import HaloTesting

/// The page schedule as a pure state machine: told what happened, it answers what to fetch and cancel.
/// Driven here against a model of the API's offset paging, with answers arriving in random order.
@Suite("Page schedule") struct PageScheduleTests {
    /// The API over a list of event times (the index is the event's id), paged by offset from `since`.
    struct ModelAPI {
        let times: [Int64]

        func answer(since: HaloTimestamp?, page: Int, perPage: Int) -> (facts: PageFacts, ids: [Int]) {
            let matching = times.indices.filter { i in since.map { times[i] >= $0.microseconds } ?? true }
            let ids = Array(matching.dropFirst((page - 1) * perPage).prefix(perPage))
            return (PageFacts(count: matching.count, events: ids.count, hasNext: page * perPage < matching.count,
                              newest: ids.last.map { HaloTimestamp(microseconds: times[$0]) }), ids)
        }
    }

    /// What a drive of the schedule saw.
    struct Drive {
        var taken: [PageID] = []
        var ids: [Int] = []
        var mostOnTheWire = 0
        /// The most pages fetched and not yet taken (out, or arrived and waiting).
        var mostAhead = 0
        var fetches = 0
        var notices: [PagingNotice] = []
    }

    /// Drives `schedule` until it is finished, answering its fetches from `api` in an order drawn from `seed`.
    static func drive(_ schedule: inout PageSchedule, _ api: ModelAPI, seed: UInt64, failing: PageID? = nil) -> (Drive, failedAt: PageID?) {
        var random = SeededRandom(seed: seed)
        var drive = Drive()
        var out: [PageID: HaloTimestamp?] = [:]
        var answered: Set<PageID> = []
        var arrived: [PageID: (PageFacts, [Int])?] = [:]
        func apply(_ actions: [PageSchedule.Action]) {
            for action in actions {
                switch action {
                case .fetch(let id, let since):
                    #expect(out[id] == nil && arrived[id] == nil, "\(id) fetched twice")
                    out[id] = since
                    drive.fetches += 1
                case .cancel(let id):
                    out[id] = nil
                    answered.remove(id)
                }
            }
            drive.mostOnTheWire = max(drive.mostOnTheWire, out.keys.count { !answered.contains($0) })
            drive.mostAhead = max(drive.mostAhead, out.count + arrived.count)
        }
        apply(schedule.start())
        for _ in 0..<1_000_000 {
            guard let next = schedule.nextPage else { break }
            if let page = arrived[next] {
                guard let (_, ids) = page else { return (drive, next) }
                arrived[next] = nil
                drive.taken.append(next)
                drive.ids += ids
                apply(schedule.taken(next))
                continue
            }
            guard let id = out.keys.sorted().randomElement(using: &random) else {
                Issue.record("page \(next) is awaited but nothing is out")
                break
            }
            if !answered.contains(id) && Bool.random(using: &random) {
                answered.insert(id)
                apply(schedule.answered(id))
            } else if id == failing {
                out[id] = nil
                arrived[id] = .some(nil)
                apply(schedule.failed(id))
            } else {
                let answer = api.answer(since: out[id]!, page: id.page, perPage: schedule.perPage)
                out[id] = nil
                answered.remove(id)
                arrived[id] = answer
                apply(schedule.arrived(id, answer.facts))
            }
        }
        drive.notices = schedule.notices
        #expect(schedule.isFinished && out.isEmpty, "nothing is left out when the read is over: \(out.keys.sorted())")
        return (drive, nil)
    }

    /// `count` events, `perInstant` at each microsecond from 1.
    static func times(_ count: Int, perInstant: Int = 1) -> [Int64] { (0..<count).map { Int64(1 + $0 / perInstant) } }

    @Test("every event is handed out, pages strictly in order, whatever order the answers come in", arguments: [1, 2, 4, 8])
    func everyEventInOrder(parallelism: Int) {
        for (count, perInstant, seed) in [(0, 1, 1), (5, 1, 2), (30, 1, 3), (31, 1, 4), (200, 1, 5), (500, 3, 6), (1_000, 7, 7), (5_000, 1, 8)] as [(Int, Int, UInt64)] {
            let api = ModelAPI(times: Self.times(count, perInstant: perInstant))
            var schedule = PageSchedule(since: nil, parallelism: parallelism, perPage: 10, pagesPerQuery: 4)
            let (drive, _) = Self.drive(&schedule, api, seed: seed)
            #expect(Set(drive.ids) == Set(0..<count), "\(count) events: all handed out")
            #expect(drive.taken == drive.taken.sorted(), "pages in order")
            let queries = Set(drive.taken.map(\.query)).count
            #expect(drive.ids.count - Set(drive.ids).count <= max(0, queries - 1) * perInstant, "only a query's boundary instant is read twice")
            #expect(drive.mostOnTheWire <= parallelism + 1, "at most \(parallelism) on the wire, plus a last page out of turn")
            #expect(drive.mostAhead <= 2 * parallelism + 2, "memory: the window, a last page out of turn, the page being taken")
            #expect(drive.notices.isEmpty)
        }
    }

    @Test("the first page of a query of unknown size goes alone; then as many as its count says, up to the parallelism")
    func firstPageAlone() {
        var schedule = PageSchedule(since: HaloTimestamp(microseconds: 5), parallelism: 3, perPage: 10, pagesPerQuery: 99)
        let first = PageID(query: 0, page: 1)
        #expect(schedule.start() == [.fetch(first, since: HaloTimestamp(microseconds: 5))])
        #expect(schedule.answered(first).isEmpty, "nothing more before the count is known")
        let next = schedule.arrived(first, PageFacts(count: 25, events: 10, hasNext: true, newest: HaloTimestamp(microseconds: 9)))
        #expect(next == [2, 3].map { .fetch(PageID(query: 0, page: $0), since: HaloTimestamp(microseconds: 5)) },
                "pages 2 and 3 hold the other 15 events")
        #expect(schedule.taken(first).isEmpty)
    }

    @Test("a short page ends the read and cancels what is still out")
    func shortPageEnds() {
        var schedule = PageSchedule(since: nil, parallelism: 4, perPage: 10, pagesPerQuery: 99)
        var fetched: Set<PageID> = []
        func note(_ actions: [PageSchedule.Action]) {
            for case .fetch(let id, _) in actions { fetched.insert(id) }
        }
        note(schedule.start())
        let (first, second) = (PageID(query: 0, page: 1), PageID(query: 0, page: 2))
        let more = schedule.arrived(first, PageFacts(count: 1_000, events: 10, hasNext: true, newest: HaloTimestamp(microseconds: 1)))
        #expect(more.first == .fetch(PageID(query: 0, page: 99), since: nil), "the last page out of turn, then pages in order")
        #expect(more.count == 1 + 4, "\(more)")
        note(more)
        note(schedule.taken(first))
        note(schedule.arrived(second, PageFacts(count: 1_000, events: 4, hasNext: false, newest: HaloTimestamp(microseconds: 2))))
        let end = schedule.taken(second)
        #expect(schedule.isFinished && schedule.nextPage == nil)
        #expect(Set(end) == Set(fetched.subtracting([first, second]).map(PageSchedule.Action.cancel)), "\(end)")
    }

    @Test("a query known to go past its last page has that page fetched at once, and the next query follows from it")
    func lastPageOutOfTurn() {
        var schedule = PageSchedule(since: HaloTimestamp(microseconds: 1), parallelism: 1, perPage: 10, pagesPerQuery: 4)
        let first = PageID(query: 0, page: 1), last = PageID(query: 0, page: 4)
        _ = schedule.start()
        let actions = schedule.arrived(first, PageFacts(count: 100, events: 10, hasNext: true, newest: HaloTimestamp(microseconds: 2)))
        #expect(actions.first == .fetch(last, since: HaloTimestamp(microseconds: 1)))
        let after = schedule.arrived(last, PageFacts(count: 100, events: 10, hasNext: true, newest: HaloTimestamp(microseconds: 40)))
        #expect(after.isEmpty, "the next query's since is known; its pages wait for the window, even its own last page")
        _ = schedule.answered(PageID(query: 0, page: 2))
        var entering: [PageSchedule.Action] = []
        for page in 1...3 {
            let id = PageID(query: 0, page: page)
            if page > 1 { entering += schedule.arrived(id, PageFacts(count: 100, events: 10, hasNext: true, newest: HaloTimestamp(microseconds: Int64(10 * page)))) }
            else { _ = schedule.taken(id); continue }
            entering += schedule.taken(id)
        }
        entering += schedule.taken(last)
        #expect(entering.contains(.fetch(PageID(query: 1, page: 4), since: HaloTimestamp(microseconds: 40))),
                "once reading enters the next query (60 events left), its last page goes out of turn: \(entering)")

        var fresh = PageSchedule(since: HaloTimestamp(microseconds: 1), parallelism: 1, perPage: 10, pagesPerQuery: 4)
        let (drive, _) = Self.drive(&fresh, ModelAPI(times: Self.times(100)), seed: 9)
        #expect(Set(drive.ids) == Set(0..<100) && drive.taken.map(\.query).max() == 2)
    }

    @Test("more events at one instant than a query can page through: the read moves past them and says so")
    func burstTooLarge() {
        // 60 events at instant 1 (a query pages through 40), then 20 more.
        let api = ModelAPI(times: Array(repeating: 1, count: 60) + (2...21).map(Int64.init))
        var schedule = PageSchedule(since: nil, parallelism: 2, perPage: 10, pagesPerQuery: 4)
        let (drive, _) = Self.drive(&schedule, api, seed: 11)
        #expect(drive.notices == [.burstTooLarge(at: HaloTimestamp(microseconds: 1), events: 40)])
        #expect(Set(drive.ids).isSuperset(of: 60..<80), "everything after the burst is read")
        #expect(Set(drive.ids).count == 40 + 20, "the burst's first 40 are read; the other 20 of that instant cannot be")
    }

    @Test("a query's last page without created_at stops the read there, and says so")
    func noTimestampToGoOn() {
        var schedule = PageSchedule(since: nil, parallelism: 1, perPage: 10, pagesPerQuery: 2)
        let first = PageID(query: 0, page: 1), last = PageID(query: 0, page: 2)
        _ = schedule.start()
        _ = schedule.arrived(first, PageFacts(count: 30, events: 10, hasNext: true, newest: HaloTimestamp(microseconds: 3)))
        _ = schedule.taken(first)
        _ = schedule.arrived(last, PageFacts(count: 30, events: 10, hasNext: true, newest: nil))
        _ = schedule.taken(last)
        #expect(schedule.isFinished)
        #expect(schedule.notices == [.noTimestampToGoOn(pages: 2)])
    }

    @Test("a failed page is handed out as a failure after the pages before it; nothing after it is fetched", arguments: [1, 3, 6])
    func failure(page: Int) {
        let api = ModelAPI(times: Self.times(200))
        var schedule = PageSchedule(since: nil, parallelism: 3, perPage: 10, pagesPerQuery: 99)
        let failing = PageID(query: 0, page: page)
        let (drive, failedAt) = Self.drive(&schedule, api, seed: UInt64(page), failing: failing)
        #expect(failedAt == failing)
        #expect(drive.taken == (1..<page).map { PageID(query: 0, page: $0) })
    }

    @Test("a query's last page fetched out of turn that fails is handed out after every page before it", arguments: [1, 2, 5])
    func earlyLastPageFails(seed: UInt64) {
        let api = ModelAPI(times: Self.times(400))
        var schedule = PageSchedule(since: nil, parallelism: 2, perPage: 10, pagesPerQuery: 20)
        let failing = PageID(query: 0, page: 20)
        let (drive, failedAt) = Self.drive(&schedule, api, seed: seed, failing: failing)
        #expect(failedAt == failing)
        #expect(drive.taken == (1..<20).map { PageID(query: 0, page: $0) })
    }

    @Test("finishing early cancels every request that is out, and only those")
    func finishEarly() {
        var schedule = PageSchedule(since: nil, parallelism: 2, perPage: 10, pagesPerQuery: 99)
        _ = schedule.start()
        let first = PageID(query: 0, page: 1)
        let out = schedule.arrived(first, PageFacts(count: 50, events: 10, hasNext: true, newest: HaloTimestamp(microseconds: 1)))
        #expect(out.count == 2)
        #expect(Set(schedule.finish()) == Set([2, 3].map { PageSchedule.Action.cancel(PageID(query: 0, page: $0)) }))
        #expect(schedule.finish().isEmpty && schedule.taken(first).isEmpty, "a finished schedule does nothing")
    }
}
