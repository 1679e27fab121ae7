import HaloModel
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
        configuration.catalogue = .sidSeed
        return configuration
    }

    /// Consecutive index ranges of at most `size` events covering `0..<count`.
    static func chunks(of count: Int, size: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }
}
