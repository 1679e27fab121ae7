import NIOConcurrencyHelpers

/// The emulator's sense of elapsed time, which decides token expiry, when late events become
/// visible, and the per-key rate-limit windows.
///
/// A ``system()`` clock follows real time; a ``manual()`` clock stands still until a test moves it with
/// ``advance(by:)``, so tests can expire tokens or release late arrivals without sleeping.
/// ``advance(by:)`` also jumps a system clock forward. The simulator measures from the clock's reading
/// when it starts.
public final class SimulationClock: Sendable {
    private let origin: ContinuousClock.Instant?
    private let offset = NIOLockedValueBox(Duration.zero)

    private init(origin: ContinuousClock.Instant?) { self.origin = origin }

    /// A clock that follows real (monotonic) time.
    public static func system() -> SimulationClock { SimulationClock(origin: .now) }

    /// A clock that moves only when ``advance(by:)`` is called.
    public static func manual() -> SimulationClock { SimulationClock(origin: nil) }

    /// Time elapsed on this clock since it was created (real time for a system clock) plus every advance.
    public var elapsed: Duration {
        let real = origin.map { ContinuousClock.now - $0 } ?? .zero
        return real + offset.withLockedValue { $0 }
    }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: Duration) {
        offset.withLockedValue { $0 += duration }
    }
}
