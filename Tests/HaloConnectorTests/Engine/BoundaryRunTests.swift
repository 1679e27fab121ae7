import Foundation
@testable import HaloConnector
import HaloModel
import Testing
import HaloTesting

/// The run of equal timestamps at a page boundary, against a model of offset paging over a key that is not
/// unique: each request draws its own order of the events of one instant.
@Suite("Boundary run") struct BoundaryRunTests {
    /// Events at `times` (the index is the id), paged by offset; `order` shuffles each instant's events per request.
    static func page(_ times: [Int64], number: Int, perPage: Int, order: inout SeededRandom?) -> [HaloEvent] {
        var ids = Array(times.indices)
        if order != nil {
            var start = 0
            while start < ids.count {
                var end = start
                while end < ids.count, times[ids[end]] == times[ids[start]] { end += 1 }
                ids[start..<end].shuffle(using: &order!)
                start = end
            }
        }
        return ids.dropFirst((number - 1) * perPage).prefix(perPage).map { i in
            let json = #"{"id":"e\#(i)","created_at":"\#(HaloTimestamp(microseconds: times[i] * 1_000_000).iso8601(fractionDigits: 3))"}"#
            return try! JSONDecoder().decode(HaloEvent.self, from: Data(json.utf8))
        }
    }

    /// Reads every page of `times`, telling a ``BoundaryRun``; returns the ids seen and the instants judged hidden.
    static func read(_ times: [Int64], perPage: Int, shuffled seed: UInt64?) -> (seen: Set<String>, hidden: [(HaloTimestamp, Set<String>)]) {
        var order = seed.map { SeededRandom(seed: $0) }
        var run = BoundaryRun()
        var seen: Set<String> = []
        var hidden: [(HaloTimestamp, Set<String>)] = []
        for number in 1...((times.count + perPage - 1) / perPage) {
            let events = page(times, number: number, perPage: perPage, order: &order)
            seen.formUnion(events.compactMap(\.id))
            if case .hidden(let instant, let known, _) = run.take(events, continuing: number > 1) { hidden.append((instant, known)) }
        }
        return (seen, hidden)
    }

    /// 2 000 events in bursts of 1 to 250 sharing one second, then one event a second later (a run at the end
    /// of the last page is judged by a later read, which starts from it).
    static func bursty(seed: UInt64) -> [Int64] {
        var random = SeededRandom(seed: seed)
        var times: [Int64] = []
        var second: Int64 = 1_700_000_000
        while times.count < 2_000 {
            times += Array(repeating: second, count: Int.random(in: 1...250, using: &random))
            second += 1
        }
        return times + [second]
    }

    @Test("a stable order: no instant is judged hidden, and every event is seen", arguments: [1, 2, 3] as [UInt64])
    func stable(seed: UInt64) {
        let times = Self.bursty(seed: seed)
        let (seen, hidden) = Self.read(times, perPage: 100, shuffled: nil)
        #expect(seen.count == times.count)
        #expect(hidden.isEmpty)
    }

    @Test("an order drawn per request: every instant with a hidden event is judged hidden, and only such instants", arguments: [1, 2, 3, 4, 5, 10] as [UInt64])
    func shuffled(seed: UInt64) {
        let times = Self.bursty(seed: seed)
        let (seen, hidden) = Self.read(times, perPage: 100, shuffled: seed)
        let missed = Set(times.indices.filter { !seen.contains("e\($0)") }.map { HaloTimestamp(microseconds: times[$0] * 1_000_000) })
        #expect(!missed.isEmpty, "the model hides events (else this test proves nothing)")
        #expect(Set(hidden.map(\.0)) == missed, "judged hidden only: \(Set(hidden.map(\.0)).subtracting(missed)); missed only: \(missed.subtracting(hidden.map(\.0)))")
        for (instant, known) in hidden {
            let all = Set(times.indices.filter { times[$0] * 1_000_000 == instant.microseconds }.map { "e\($0)" })
            #expect(known.isSubset(of: all) && known.count < all.count)
        }
    }

    @Test("a new query starts the run again: its first page is not judged against the last page of the query before")
    func newQuery() {
        let at = Array(repeating: Int64(1_700_000_000), count: 150) + [1_700_000_001]
        var run = BoundaryRun()
        var order: SeededRandom? = nil
        _ = run.take(Self.page(at, number: 1, perPage: 100, order: &order), continuing: false)
        let again = Self.page(at, number: 1, perPage: 100, order: &order)
        #expect(run.take(again, continuing: false) == .whole)
    }
}
