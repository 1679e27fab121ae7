import Foundation
import HaloPlatform
import HaloAPI
import HaloConnector
import HaloEventsCommand
import HaloModel
import HaloOutput
import HaloSIDMap
import HaloSimulator
import TestSupport

/// An emulator running in-process on 127.0.0.1, an auth file for (some of) its accounts, a config
/// directory and an output file: everything a connector run needs, in a temporary directory.
final class ConnectorFixture: @unchecked Sendable {
    let sim: HaloSimulator
    let directory: TemporaryDirectory
    let authFile: String
    let configDirectory: String
    let outputFile: String

    /// Starts an emulator with `simulator` (late arrivals off unless set) and writes an auth file (0600)
    /// with every account's key.
    init(_ simulator: SimulatorConfiguration) async throws {
        directory = try TemporaryDirectory("connector")
        sim = try await HaloSimulator.start(simulator)
        authFile = directory.file("haloEvents.auth")
        configDirectory = directory.file("state")
        outputFile = directory.file("events.json")
        try FileManager.default.createDirectory(atPath: configDirectory, withIntermediateDirectories: true)
        try writeAuthFile(sim.accounts.map(\.authFileLine))
    }

    /// Runs `body` with a fixture on an emulator started with `simulator`, and stops the emulator after it.
    static func with<T>(_ simulator: SimulatorConfiguration, _ body: (ConnectorFixture) async throws -> T) async throws -> T {
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
    static func simulator(accounts: Int = 1, events: Int = 1_000, seed: UInt64 = 7) -> SimulatorConfiguration {
        var c = SimulatorConfiguration()
        c.accounts = accounts
        c.eventsPerAccount = events
        c.seed = seed
        c.lateArrivals = nil
        return c
    }

    func writeAuthFile(_ lines: [String]) throws {
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: authFile))
        chmod(authFile, 0o600)
    }

    /// A run against this emulator as `halo-events` makes it (JSON lines appended to ``outputFile``): fast
    /// retries, short timeouts.
    func settings() -> HaloEventsRun {
        var api = HaloAPISettings()
        api.endpoint = try! HaloEndpoint(url: sim.baseURL)
        api.retry = RetryPolicy(
            maxAttempts: 6, baseDelay: .milliseconds(10), maxDelay: .milliseconds(100), attemptTimeout: .seconds(30), maxTotalTime: .seconds(120))
        return HaloEventsRun(
            configuration: ConnectorConfiguration(authFile: authFile, configDirectory: configDirectory),
            api: api, formatter: JSONFormatter(), destination: .file(outputFile))
    }

    /// Runs the connector in-process, with `adjust` applied to ``settings()``.
    func run(_ adjust: (inout HaloEventsRun) -> Void = { _ in }) async -> ConnectorRun {
        var run = settings()
        adjust(&run)
        let lines = CollectedLines()
        let (status, report) = await run.run(diagnostics: Diagnostics { lines.append($0) })
        return ConnectorRun(status: status, report: report, diagnostics: lines.all)
    }

    /// The output file's lines.
    func outputLines() throws -> [String] { try ConnectorFixture.lines(of: outputFile) }

    static func lines(of path: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Every event account `account` serves, in order (late arrivals included).
    func truth(account: Int = 0) -> [SimulatedEvent] { Array(sim.truth(account: account)) }

    /// The ids of all accounts' truth.
    func truthIDs() -> [String] { sim.accounts.indices.flatMap { truth(account: $0).map(\.id) } }

    func stop() async { await sim.stop() }
}

/// The outcome of an in-process run and what it said on "stderr".
struct ConnectorRun: Sendable {
    var status: ExitStatus
    var report: RunReport
    var diagnostics: [String]
}

/// Lines collected from several tasks.
final class CollectedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}

/// The delivered events of a JSON-lines output: each line decoded (a line that is not one JSON object
/// fails the test), with the ids counted.
struct DeliveredEvents {
    var events: [HaloEvent] = []
    var idCounts: [String: Int] = [:]

    init(lines: [String]) throws {
        for line in lines {
            let event = try JSONDecoder().decode(HaloEvent.self, from: Data(line.utf8))
            events.append(event)
            idCounts[event.id ?? "", default: 0] += 1
        }
    }

    /// Ids delivered more than once.
    var repeated: [String] { idCounts.filter { $0.value > 1 }.map(\.key).sorted() }

    /// Compares the delivered ids with the expected ones.
    func difference(from expected: [String]) -> IDDifference {
        let want = Set(expected)
        return IDDifference(missing: want.subtracting(idCounts.keys).sorted(), unexpected: Set(idCounts.keys).subtracting(want).sorted())
    }
}

/// Expected ids that were not delivered, and delivered ids that were not expected.
struct IDDifference: Equatable {
    var missing: [String]
    var unexpected: [String]
    var isEmpty: Bool { missing.isEmpty && unexpected.isEmpty }
}
