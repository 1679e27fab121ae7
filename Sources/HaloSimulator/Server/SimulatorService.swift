#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird

/// What every endpoint shares: the configuration, the accounts and their generators, the state, and
/// the simulator's time.
struct SimulatorService: Sendable {
    let configuration: SimulatorConfiguration
    let accounts: [SimulatedAccount]
    let generators: [EventGenerator]
    let state: SimulatorState
    private let originMicros: Int64

    init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        accounts = configuration.simulatedAccounts
        generators = (0..<configuration.accounts).map { EventGenerator(configuration: configuration, account: $0) }
        state = SimulatorState(seed: configuration.seed)
        originMicros = configuration.clock.elapsed.microseconds
    }

    /// Microseconds of simulator time since start.
    func elapsedMicros() -> Int64 { configuration.clock.elapsed.microseconds - originMicros }

    /// The service's current time, microseconds since 1970 (see ``SimulatorConfiguration/live``).
    func serviceTimeMicros() -> Int64 { Timeline.serviceStartMicros(configuration) + elapsedMicros() }

    /// When the answer to a request that arrives now may leave: ``SimulatorConfiguration/latency`` later.
    /// The emulator's own work happens within that time, as a real API's does, so a client sees each
    /// request take the latency, not the latency plus the time to build the page.
    func answerDeadline() -> ContinuousClock.Instant { .now + configuration.latency }

    /// Waits until `deadline` (returns at once when it has passed).
    func wait(until deadline: ContinuousClock.Instant) async throws {
        if deadline > .now { try await Task.sleep(until: deadline, clock: .continuous) }
    }

    /// The router: token, events and `/_sim/stats`, behind the middleware that counts answers.
    func router() -> Router<SimulatorRequestContext> {
        let router = Router(context: SimulatorRequestContext.self)
        router.add(middleware: StatsMiddleware(state: state))
        let token = TokenEndpoint(service: self)
        let events = EventsEndpoint(service: self)
        router.post("/oauth/access_token") { request, _ in
            self.state.record(request: .token)
            return try await token.respond(to: request)
        }
        router.get("/v1/events") { request, context in
            self.state.record(request: .events)
            return try await events.respond(to: request, context: context)
        }
        router.get("/_sim/stats") { _, _ in try Self.statsAnswer(self.state.stats) }
        router.post("/_sim/stats/reset") { _, _ in try Self.statsAnswer(self.state.resetStats()) }
        return router
    }

    /// `stats` as the JSON `GET /_sim/stats` answers.
    private static func statsAnswer(_ stats: SimulatorStats) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = try encoder.encode(stats)
        return Responses.json(.ok, String(decoding: body, as: UTF8.self))
    }
}

/// Counts every answer by status (except `/_sim/…`), errors thrown by the router included; a connection
/// reset on purpose (``ConnectionResetOnPurpose``) has no status and is not counted.
struct StatsMiddleware<Context: RequestContext>: RouterMiddleware {
    let state: SimulatorState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !request.uri.path.hasPrefix("/_sim/") else { return try await next(request, context) }
        do {
            let response = try await next(request, context)
            state.record(status: response.status.code)
            return response
        } catch let error as ConnectionResetOnPurpose {
            throw error
        } catch let error as any HTTPResponseError {
            state.record(status: error.status.code)
            throw error
        } catch {
            state.record(status: 500)
            throw error
        }
    }
}
