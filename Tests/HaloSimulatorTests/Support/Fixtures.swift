import HaloModel
import HaloSimulator
import HaloTesting

extension SimulatorConfiguration {
    /// A small, fixed-time configuration with the hard cases on and a manual clock.
    static func testing(events: Int = 500, accounts: Int = 2, seed: UInt64 = 42) -> SimulatorConfiguration {
        var c = SimulatorConfiguration()
        c.accounts = accounts
        c.eventsPerAccount = events
        c.seed = seed
        c.now = HaloTimestamp(iso8601: "2024-05-01T12:00:00Z")!
        c.span = .seconds(3600)
        c.clock = .manual()
        return c
    }
}

/// Runs `body` against a started simulator and stops it afterwards, whatever happens.
func withSimulator<T>(_ configuration: SimulatorConfiguration, _ body: (HaloSimulator, SimClient) async throws -> T) async throws -> T {
    let sim = try await HaloSimulator.start(configuration)
    do {
        let result = try await body(sim, SimClient(sim))
        await sim.stop()
        return result
    } catch {
        await sim.stop()
        throw error
    }
}

extension SimulatedEventLog {
    /// The events the simulator serves once its clock has run `elapsed` since start.
    func visible(at elapsed: Duration) -> [SimulatedEvent] {
        filter { ($0.visibleAfter ?? .zero) <= elapsed }
    }
}
