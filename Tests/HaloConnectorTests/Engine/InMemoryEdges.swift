import Foundation
@testable import HaloConnector
import HaloModel
import HaloOutput
import Synchronization

extension Array {
    /// The first index whose element satisfies `belongs` (all elements after it must too).
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var (low, high) = (0, count)
        while low < high {
            let mid = (low + high) / 2
            if belongs(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

/// The engine's edges in memory: an event service over a list of events, an output that keeps its lines,
/// a recorder that keeps what it was given. For tests of the engine without the network or the SID table.
enum InMemory {
    /// `count` events of one account, `perInstant` sharing each `created_at` (one second apart from `start`),
    /// with ids `<prefix><n>`.
    static func events(
        _ count: Int, perInstant: Int = 1, start: Int64 = 1_700_000_000, type: String = "lca_rule_failed", prefix: String = "e"
    ) -> [HaloEvent] {
        (0..<count).map { i in
            let at = HaloTimestamp(microseconds: (start + Int64(i / perInstant)) * 1_000_000)
            let json = #"{"id":"\#(prefix)\#(i)","type":"\#(type)","created_at":"\#(at.iso8601(fractionDigits: 3))","message":"event \#(i)"}"#
            return try! JSONDecoder().decode(HaloEvent.self, from: Data(json.utf8))
        }
    }

    /// One account's events, paged by offset as the API does (oldest first, `since <= created_at <= until`).
    final class Source: EventSource {
        let events: [HaloEvent]
        let times: [HaloTimestamp]
        /// The page request (counted from 1 over the source's life) that fails for good, if any.
        let failing: Int?
        /// How long each answer takes.
        let latency: Duration
        private let requests = Mutex(0)

        /// A source of `events`, sorted by `created_at` (each must have one).
        init(_ events: [HaloEvent], failing: Int? = nil, latency: Duration = .microseconds(100)) {
            let sorted = events.map { ($0.createdAt!, $0) }.sorted { $0.0 < $1.0 }
            self.events = sorted.map(\.1)
            times = sorted.map(\.0)
            self.failing = failing
            self.latency = latency
        }

        struct Refused: Error {}

        func page(_ request: PageRequest, answered: @escaping @Sendable () -> Void) async throws -> EventPage {
            let number = requests.withLock { count in
                count += 1
                return count
            }
            try await Task.sleep(for: latency)
            if number == failing { throw Refused() }
            answered()
            let first = request.since.map { since in times.partitioningIndex(where: { $0 >= since }) } ?? 0
            let end = request.until.map { until in times.partitioningIndex(where: { $0 > until }) } ?? events.count
            let count = max(0, end - first)
            let start = min(end, first + (request.page - 1) * request.perPage)
            let page = Array(events[start..<min(end, start + request.perPage)])
            let next = request.page * request.perPage < count ? "page \(request.page + 1)" : nil
            return EventPage(count: count, next: next, events: page)
        }

        func statistics() async -> RequestStatistics { RequestStatistics(requests: requests.withLock { $0 }) }
    }

    /// The accounts' sources by key id.
    struct Service: EventService {
        let sources: [String: Source]
        func source(for key: APIKey) -> any EventSource { sources[key.keyID]! }
        func shutdown() async {}
    }

    /// An at-least-once output that keeps its lines; it fails the batch `failing` (counted from 1).
    final class Output: BatchOutput {
        let failing: Int?
        private let state = Mutex<(lines: [String], batches: Int, closed: Bool)>(([], 0, false))

        init(failing: Int? = nil) { self.failing = failing }

        var guarantee: DeliveryGuarantee { .atLeastOnce }

        struct Broken: Error {}

        func prepare(_ lines: [String]) async throws -> PreparedBatch { PreparedBatch(lines: lines) }

        func write(_ batch: PreparedBatch) async throws {
            try state.withLock { state in
                state.batches += 1
                if state.batches == failing { throw Broken() }
                state.lines += batch.lines
            }
        }

        func close() async throws { state.withLock { $0.closed = true } }

        var lines: [String] { state.withLock { $0.lines } }
        var closed: Bool { state.withLock { $0.closed } }
    }

    /// Keeps what it is asked to record.
    final class Recorder: UnmappedRecorder {
        private let recorded = Mutex<[String]>([])
        func record(_ events: [(HaloEvent, EventClassification)]) async throws {
            recorded.withLock { $0 += events.compactMap { $0.0.type } }
        }
        var types: [String] { recorded.withLock { $0 } }
    }

    /// Classifies one type, everything else generic.
    struct Classifier: EventClassifier {
        let known: String
        func classify(_ event: HaloEvent) -> EventClassification {
            event.type == known ? EventClassification(sid: 409, name: "Halo: known") : .generic
        }
    }

    /// The id in a line formatted by ``Formatter``.
    struct Formatter: EventFormatter {
        func format(_ event: HaloEvent, as classification: EventClassification, into line: inout String) {
            line += "\(classification.sid) \(event.id ?? "")"
        }
    }
}
