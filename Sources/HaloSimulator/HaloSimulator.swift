import HaloModel
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A Halo API emulator on 127.0.0.1, for tests, benchmarks and trying the toolkit offline.
///
/// ```swift
/// var configuration = SimulatorConfiguration()
/// configuration.eventsPerAccount = 5_000
/// let sim = try await HaloSimulator.start(configuration)
/// defer { Task { await sim.stop() } }
/// // sim.baseURL, sim.accounts[0].keyID / .secret, sim.truth(account: 0), sim.stats
/// ```
///
/// It serves `POST /oauth/access_token`, `GET /v1/events` and `GET /_sim/stats` as described in
/// docs/halo-sim.md.
public final class HaloSimulator: Sendable {
    /// The configuration it runs with.
    public let configuration: SimulatorConfiguration
    /// The accounts (API keys) it accepts, each with its own event stream.
    public let accounts: [SimulatedAccount]
    /// The TCP port it listens on (127.0.0.1).
    public let port: Int
    private let service: SimulatorService
    private let task: Task<Void, any Error>
    /// Runs the server; ``stop()`` shuts it down gracefully through it.
    private let serviceGroup: ServiceGroup

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Requests by status, faults injected, tokens issued, events served (as `GET /_sim/stats`).
    public var stats: SimulatorStats { service.state.stats }

    /// Every event account `account` (0-based) will ever serve, late arrivals included, in `created_at`
    /// order; generated lazily.
    public func truth(account: Int) -> SimulatedEventLog {
        SimulatedEventLog(configuration: configuration, account: account)
    }

    /// The event logs of all accounts, in account order.
    public var truth: [SimulatedEventLog] { accounts.indices.map(truth(account:)) }

    /// The service's current time: ``SimulatorConfiguration/now`` plus the clock's time since start, or
    /// on a live service (``SimulatorConfiguration/live``) the span's start plus it. An event is served
    /// from its ``SimulatedEvent/visibleAt`` on.
    public var serviceTime: HaloTimestamp { HaloTimestamp(microseconds: service.serviceTimeMicros()) }

    /// The number of events account `account` serves now: the `count` of an unfiltered `GET /v1/events`.
    public func visibleCount(account: Int) -> Int {
        let timeline = service.generators[account].timeline
        return timeline.visibleBefore(timeline.count, timeline.visibility(elapsedMicros: service.elapsedMicros()))
    }

    /// The events account `account` serves now (at ``serviceTime``), in `created_at` order: the truth a
    /// connector's delivery so far is compared with.
    public func visibleEvents(account: Int) -> [SimulatedEvent] {
        let now = serviceTime
        return truth(account: account).filter { $0.visibleAt <= now }
    }

    /// The ids of the events account `account` serves now, in `created_at` order: ``visibleEvents(account:)``
    /// without building the events (cheap enough to call after every run of a day of runs).
    public func visibleIDs(account: Int) -> [String] {
        let generator = service.generators[account]
        let visibility = generator.timeline.visibility(elapsedMicros: service.elapsedMicros())
        return (0..<visibility.end).filter { generator.timeline.isVisible($0, visibility) }.map(generator.id)
    }

    /// Starts the statistics (``stats``) afresh, e.g. between runs; returns them as they were.
    @discardableResult
    public func resetStats() -> SimulatorStats { service.state.resetStats() }

    private init(configuration: SimulatorConfiguration, serviceGroup: ServiceGroup, port: Int, service: SimulatorService,
                 task: Task<Void, any Error>) {
        self.configuration = configuration
        self.accounts = service.accounts
        self.serviceGroup = serviceGroup
        self.port = port
        self.service = service
        self.task = task
    }

    /// Validates `configuration`, binds 127.0.0.1:`port` (0: any free port) and serves in a background task.
    ///
    /// - Parameter stopOnSignals: stop gracefully on SIGINT/SIGTERM (for the `halo-sim` executable;
    ///   leave it off in-process so the host keeps its signals).
    /// - Throws: ``SimulatorConfigurationError`` for a bad configuration, the bind error, or
    ///   ``SimulatorStoppedBeforeListening``.
    public static func start(_ configuration: SimulatorConfiguration = SimulatorConfiguration(), port: Int = 0,
                             stopOnSignals: Bool = false) async throws -> HaloSimulator {
        try configuration.validate()
        let service = SimulatorService(configuration: configuration)
        var logger = Logger(label: "halo-sim", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = configuration.logLevel
        let (listeners, listenerContinuation) = AsyncThrowingStream.makeStream(of: (any Channel).self)
        let app = Application(
            router: service.router(),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: "halo-sim"),
            onServerRunning: { channel in listenerContinuation.yield(channel) },
            logger: logger
        )
        let serviceGroup = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [app], gracefulShutdownSignals: stopOnSignals ? [.sigterm, .sigint] : [], logger: logger))
        let task = Task {
            do {
                try await serviceGroup.run()
                listenerContinuation.finish()
            } catch {
                listenerContinuation.finish(throwing: error)
                throw error
            }
        }
        var iterator = listeners.makeAsyncIterator()
        guard let listener = try await iterator.next() else {
            throw SimulatorStoppedBeforeListening(port: port)
        }
        return HaloSimulator(
            configuration: configuration, serviceGroup: serviceGroup, port: listener.localAddress?.port ?? 0,
            service: service, task: task)
    }

    /// Stops serving and waits until the server has closed.
    ///
    /// A graceful shutdown: the server stops accepting, finishes the requests under way and closes its
    /// connections. (Cancelling the server task instead can drop an accepted connection's channel unclosed,
    /// which NIO treats as a fatal error that kills the whole process.)
    public func stop() async {
        await serviceGroup.triggerGracefulShutdown()
        _ = await task.result
    }

    /// Waits until the server stops (after SIGINT/SIGTERM when started with `stopOnSignals`).
    public func waitUntilStopped() async throws {
        try await task.value
    }
}

/// The server ended without an error before it listened (``HaloSimulator/start(_:port:stopOnSignals:)``).
public struct SimulatorStoppedBeforeListening: Error, Hashable {
    /// The port it was to listen on (0: any).
    public let port: Int
}
