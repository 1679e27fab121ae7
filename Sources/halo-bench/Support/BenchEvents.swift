import HaloModel
import HaloSIDMap
import HaloSimulator

/// The events the in-process measurements work on: the emulator's own generator (``SimulatedEventLog``)
/// with the catalogue `halo-sim` uses by default (every type of the SID seed plus types it does not know)
/// and its hard cases (bursts, 5 % hostile values, now and then a 64 KiB message).
enum BenchEvents {
    /// One account of `events` events over 90 days, as `halo-sim` serves them with the benchmark's options.
    static func log(events: Int) -> SimulatedEventLog {
        SimulatedEventLog(configuration: configuration(events: events), account: 0)
    }

    /// The emulator configuration matching `halo-sim` with ``SimulatorChild/arguments(events:latencyMilliseconds:)``.
    static func configuration(events: Int) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.accounts = 1
        configuration.eventsPerAccount = events
        configuration.seed = 7
        configuration.now = HaloTimestamp(iso8601: "2024-05-01T12:00:00Z")!
        configuration.span = .seconds(90 * 86_400)
        configuration.lateArrivals = nil
        configuration.catalogue = seedCatalogue
        return configuration
    }

    /// Every type and legacy name of the built-in SID seed, plus invented types the seed does not know
    /// (the same catalogue as `halo-sim --catalogue seed`, its default).
    static let seedCatalogue: EventCatalogue = {
        let table = SIDSeed.builtIn
        let types = table.eventTypes.map { info in
            SimulatedEventType(type: info.type, name: info.displayName, kind: kind(of: info))
        }
        return EventCatalogue(
            types: types,
            unknownTypes: EventCatalogue.inventedTypes.filter { table.entry(type: $0.type) == nil },
            legacyNames: table.legacyEventNames.map { SimulatedLegacyName(name: $0.name) })
    }()

    private static func kind(of info: HaloEventTypeInfo) -> SimulatedEventKind {
        let inferred = SimulatedEventKind.inferred(fromType: info.type)
        switch info.origin {
        case .actor: return .actor
        case .server: return inferred == .actor ? .server : inferred
        case .any: return inferred
        }
    }

    /// Consecutive index ranges of at most `size` events covering `0..<count`.
    static func chunks(of count: Int, size: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }
}
