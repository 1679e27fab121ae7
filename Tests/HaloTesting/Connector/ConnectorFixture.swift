import Foundation
import HaloPlatform
import HaloAPI
import HaloConnector
import HaloEventsCommand
import HaloModel
import HaloOutput
import HaloSIDMap
import HaloSimulator

/// An emulator running in-process on 127.0.0.1, an auth file for (some of) its accounts, a config
/// directory and an output file: everything a connector run needs, in a temporary directory.
public final class ConnectorFixture: @unchecked Sendable {
    /// The emulator.
    public let sim: HaloSimulator
    /// The directory holding the files below.
    public let directory: TemporaryDirectory
    /// The auth file (`haloEvents.auth`, mode 0600).
    public let authFile: String
    /// The config directory (checkpoints, lock), created empty.
    public let configDirectory: String
    /// Where ``settings()`` writes JSON lines.
    public let outputFile: String

    /// Starts an emulator with `simulator` (late arrivals off unless set) and writes an auth file (0600)
    /// with every account's key.
    public init(_ simulator: SimulatorConfiguration) async throws {
        directory = try TemporaryDirectory("connector")
        sim = try await HaloSimulator.start(simulator)
        authFile = directory.file("haloEvents.auth")
        configDirectory = directory.file("state")
        outputFile = directory.file("events.json")
        try FileManager.default.createDirectory(atPath: configDirectory, withIntermediateDirectories: true)
        try writeAuthFile(sim.accounts.map(\.authFileLine))
    }

    /// Runs `body` with a fixture on an emulator started with `simulator`, and stops the emulator after it.
    public static func with<T>(_ simulator: SimulatorConfiguration, _ body: (ConnectorFixture) async throws -> T) async throws -> T {
        let fixture = try await ConnectorFixture(simulator)
        do {
            let result = try await body(fixture)
            await fixture.stop()
            return result
        } catch {
            await fixture.stop()
            throw error
        }
    }

    /// A small emulator configuration: `accounts` × `events`, no late arrivals, fixed seed.
    public static func simulator(accounts: Int = 1, events: Int = 1_000, seed: UInt64 = 7) -> SimulatorConfiguration {
        var c = SimulatorConfiguration()
        c.accounts = accounts
        c.eventsPerAccount = events
        c.seed = seed
        c.lateArrivals = nil
        return c
    }

    /// Replaces the auth file with `lines` (mode 0600).
    public func writeAuthFile(_ lines: [String]) throws {
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: authFile))
        chmod(authFile, 0o600)
    }

    /// A run against this emulator as `halo-events` makes it (JSON lines appended to ``outputFile``): fast
    /// retries, short timeouts.
    public func settings() -> HaloEventsRun {
        var api = HaloAPISettings()
        api.endpoint = try! HaloEndpoint(url: sim.baseURL)
        api.retry = RetryPolicy(
            maxAttempts: 6, baseDelay: .milliseconds(10), maxDelay: .milliseconds(100), attemptTimeout: .seconds(30), maxTotalTime: .seconds(120))
        return HaloEventsRun(
            configuration: ConnectorConfiguration(authFile: authFile, configDirectory: configDirectory),
            api: api, formatter: JSONFormatter(), destination: .file(outputFile))
    }

    /// Runs the connector in-process, with `adjust` applied to ``settings()``.
    public func run(_ adjust: (inout HaloEventsRun) -> Void = { _ in }) async -> ConnectorRun {
        var run = settings()
        adjust(&run)
        let lines = CollectedLines()
        let (status, report) = await run.run(diagnostics: Diagnostics { lines.append($0) })
        return ConnectorRun(status: status, report: report, diagnostics: lines.all)
    }

    /// The output file's lines.
    public func outputLines() throws -> [String] { try OutputFile.lines(of: outputFile) }

    /// Every event account `account` serves, in order (late arrivals included).
    public func truth(account: Int = 0) -> [SimulatedEvent] { Array(sim.truth(account: account)) }

    /// The ids of all accounts' truth.
    public func truthIDs() -> [String] { sim.accounts.indices.flatMap { truth(account: $0).map(\.id) } }

    /// Stops the emulator.
    public func stop() async { await sim.stop() }
}
