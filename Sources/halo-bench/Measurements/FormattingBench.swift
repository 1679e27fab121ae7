import HaloModel
import HaloOutput
import HaloSIDMap

/// 1. Each format over the same generated events, one core: what the connector does per event
/// (`formatter.line(for:as:)` through the `any EventFormatter` it holds), the SID resolved beforehand.
///
/// Events are generated and classified a page (100 events) at a time, untimed, and each format then makes
/// that page's lines: as in the connector, which formats the events of a page just after decoding them.
/// The clock is the thread's CPU time, so that other work on the machine's cores does not count.
struct FormattingBench {
    let events: Int
    /// The names of the formats measured (all by default).
    var names: [String] = Self.formats.map(\.name)

    static let formats: [(name: String, formatter: any EventFormatter)] = [
        ("cef", CEFFormatter()), ("leef", LEEFFormatter()), ("kv", KeyValueFormatter()),
        ("json", JSONFormatter()), ("text", TextFormatter()),
    ]

    func run() -> FormattingResult {
        let log = BenchEvents.log(events: events)
        let resolver = SIDResolver.builtIn
        let chosen = Self.formats.filter { names.contains($0.name) }
        var elapsed = [Duration](repeating: .zero, count: chosen.count)
        var bytes = [Int](repeating: 0, count: chosen.count)
        for chunk in BenchEvents.chunks(of: events, size: 100) {
            let batch = chunk.map { log[$0].event }
            let classifications = batch.map(resolver.classify)
            for (index, format) in chosen.enumerated() {
                let (duration, size) = Self.time(format.formatter, batch, classifications)
                elapsed[index] += duration
                bytes[index] += size
            }
        }
        let formats = chosen.indices.map { index in
            let seconds = elapsed[index].seconds
            return FormattingResult.Format(
                format: chosen[index].name, eventsPerSecond: Double(events) / seconds,
                nsPerEvent: seconds * 1e9 / Double(events), bytesPerLine: Double(bytes[index]) / Double(events))
        }
        return FormattingResult(events: events, adversarialShare: BenchEvents.configuration(events: events).adversarialShare, formats: formats)
    }

    /// The time `formatter` takes to make the lines of `batch`, and their total length (which keeps the
    /// optimizer from dropping the work).
    private static func time(_ formatter: any EventFormatter, _ batch: [HaloEvent], _ classifications: [EventClassification]) -> (Duration, Int) {
        var size = 0
        let start = ThreadClock.now()
        for index in batch.indices {
            size &+= formatter.line(for: batch[index], as: classifications[index]).utf8.count
        }
        return (ThreadClock.now() - start, size)
    }

    func table(_ result: FormattingResult) -> Table {
        var table = Table(
            "1. Formatting: \(result.events) generated events (\(Figure.integer(result.adversarialShare * 100)) % hostile), one core (thread CPU time)",
            columns: ["format", "events/s", "ns/event", "bytes/line"])
        for format in result.formats {
            table.add([format.format, Figure.integer(format.eventsPerSecond), Figure.integer(format.nsPerEvent), Figure.integer(format.bytesPerLine)])
        }
        return table
    }
}
