#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloCommandLine
import HaloModel
import HaloSimulator

/// 2. Raw page bytes (100 events each, byte for byte as the emulator serves them) to the `HaloEvent` values
/// the formatters take, decoded exactly as the connector decodes an answer of `GET /v1/events`; timed by
/// the thread's CPU time.
struct DecodingBench {
    let events: Int
    static let perPage = 100

    func run() throws -> DecodingResult {
        let log = BenchEvents.log(events: events)
        var elapsed = Duration.zero
        var bytes = 0
        var decoded = 0
        var pages = 0
        for chunk in BenchEvents.chunks(of: events, size: 10_000) {
            let bodies = BenchEvents.chunks(of: chunk.count, size: Self.perPage).map { page in
                Self.pageBody(log, indices: (chunk.lowerBound + page.lowerBound)..<(chunk.lowerBound + page.upperBound), pageNumber: pages + 1)
            }
            let start = ThreadClock.now()
            for body in bodies {
                decoded += try HaloPageDecoding.decode(body).events.count
            }
            elapsed += ThreadClock.now() - start
            bytes += bodies.reduce(0) { $0 + $1.count }
            pages += bodies.count
        }
        guard decoded == events else {
            throw ChildProcess.Failure(description: "decoding gave \(decoded) events of \(events)")
        }
        let seconds = elapsed.seconds
        return DecodingResult(
            events: events, pages: pages, eventsPerSecond: Double(events) / seconds, nsPerEvent: seconds * 1e9 / Double(events),
            mibPerSecond: Figure.mib(bytes) / seconds)
    }

    /// `{"count":…,"pagination":{"next":…},"events":[…]}` as `halo-sim` writes it.
    static func pageBody(_ log: SimulatedEventLog, indices: Range<Int>, pageNumber: Int) -> Data {
        var text = "{\"count\":\(log.count),\"pagination\":{\"next\":"
        text += "\"http://127.0.0.1:8080/v1/events?page=\(pageNumber + 1)&sort_by=created_at.asc&per_page=\(perPage)\""
        text += "},\"events\":["
        for index in indices {
            if index > indices.lowerBound { text += "," }
            text += log[index].json
        }
        text += "]}"
        return Data(text.utf8)
    }

    func table(_ result: DecodingResult) -> Table {
        var table = Table(
            "2. Decoding: \(result.events) events in \(result.pages) pages of \(Self.perPage), page bytes to HaloEvent values, one core (thread CPU time)",
            columns: ["decoder", "events/s", "ns/event", "MiB/s"])
        table.add([HaloPageDecoding.name, Figure.integer(result.eventsPerSecond), Figure.integer(result.nsPerEvent), Figure.integer(result.mibPerSecond)])
        return table
    }
}
