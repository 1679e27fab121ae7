import ArgumentParser
import HaloCommandLine
import HaloModel
import HaloOutput
import HaloPlatform
import HaloSimulator

/// `halo-sim`: the Halo API emulator on 127.0.0.1.
@main
struct HaloSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "halo-sim",
        abstract: "A CloudPassage Halo API emulator on 127.0.0.1, for tests, benchmarks and trying the toolkit offline.",
        discussion: """
            Serves POST /oauth/access_token, GET /v1/events and GET /_sim/stats on 127.0.0.1. Prints its base URL \
            (http://127.0.0.1:PORT) as the first line of standard output once the auth and truth files are written \
            and it accepts connections; runs until SIGINT or SIGTERM, then exits 0.

            Durations are a number with an optional unit: ms, s (default), m, h, d (e.g. 250ms, 15m, 1.5h).

            Faults (--fault, repeatable) are KIND@WHEN. KIND: 429, 500, 502, 503, 504, slow, close (connection \
            closed mid-body), reset (connection reset before any answer), truncate (JSON cut short), invalid-json, \
            revoke (token revoked), withhold (the true count, no events). WHEN: events-request numbers counted from 1 (3 or 3,7,12), every=N, or \
            p=PROBABILITY. Example: --fault 500@3 --fault 429@every=10 --fault reset@p=0.01.

            Exit status: 0 after a clean stop; 64 for a bad option; 1 when the port cannot be bound or a file cannot \
            be written.
            """,
        version: HaloToolkit.version
    )

    @Option(help: "TCP port on 127.0.0.1 (0: any free port).")
    var port = 0

    @Option(help: "Number of accounts (API keys), each with its own event stream.")
    var accounts = 1

    @Option(help: "Events per account, late arrivals included.")
    var events = 1_000

    @Option(help: "Seed of every generated value: the same seed (and --now) gives the same bytes.")
    var seed: UInt64 = 1

    @Option(help: "End of the event time span, ISO-8601 (default: now).")
    var now: String?

    @Option(help: "Length of the time span the events are spread over, ending at --now.")
    var span = DurationArgument(.seconds(24 * 3600))

    @Option(help: "Access-token lifetime (expires_in).")
    var tokenLifetime = DurationArgument(.seconds(900))

    @Option(help: "Time every API answer takes (the emulator's own work is done within it).")
    var latency = DurationArgument(.zero)

    @Option(help: "Per-key request limit on GET /v1/events per --rate-window (0: no limit).")
    var rateLimit = 0

    @Option(help: "Window of --rate-limit.")
    var rateWindow = DurationArgument(.seconds(1))

    @Option(help: "Share (0...1) of events with hostile field values (line breaks, |, =, NUL, CEF look-alikes, 64 KiB).")
    var adversarialShare = 0.05

    @Option(help: "One burst (events sharing one created_at, crossing a 100-event page boundary) per this many events.")
    var burstEvery = 1_000

    @Option(help: "Burst sizes, MIN-MAX.")
    var burstSize = "20-250"

    @Flag(help: "Generate no bursts.")
    var noBursts = false

    @Option(help: "Among the events of the last --late-window, every this many is a late arrival.")
    var lateEvery = 10

    @Option(help: "How far back from --now late arrivals are created.")
    var lateWindow = DurationArgument(.seconds(900))

    @Option(help: "Time after start at which the first wave of late arrivals appears (wave k at k+1 times this).")
    var lateDelay = DurationArgument(.seconds(30))

    @Option(help: "Number of waves of late arrivals.")
    var lateWaves = 2

    @Option(help: "Late arrivals each arrive this long after their created_at, MIN-MAX (e.g. 1m-20h), instead of in waves.")
    var lateness: String?

    @Flag(help: "Generate no late arrivals.")
    var noLate = false

    @Flag(help: "Live service: its current time starts at the beginning of the span and moves with the clock; events are served once created (late ones once arrived).")
    var live = false

    @Option(help: "Order of events sharing one created_at: 'stable', or 'shuffled' anew on every request.")
    var tieOrder: TieOrderChoice = .stable

    @Option(help: "Deepest page served; a deeper one answers 422.")
    var maxPage = 100

    @Option(help: "Largest per_page accepted; a larger one answers 422.")
    var maxPerPage = 100

    @Option(help: "The last page's pagination: 'next-absent', 'empty' ({}), 'null' (next null), 'empty-string' (next \"\"), 'none' (no pagination key).")
    var lastPage: LastPageChoice = .nextAbsent

    @Option(help: "The answer to a page past the end: 'empty' (an empty list) or '404'.")
    var pastEnd: PastEndChoice = .empty

    @Flag(help: "Answer event pages gzip-compressed to requests that send Accept-Encoding: gzip.")
    var gzip = false

    @Option(help: "Events kept: a since older than this before the service's current time answers 422 (default: any since).")
    var retention: DurationArgument?

    @Option(help: "Share (0...1) of events with the extra fields of real events (additional_details, ec2_*, original_log_entry).")
    var extraFieldsShare = 0.0

    @Option(help: "Share (0...1) of the oldest events that are old-style (name only, microseconds, critical \"True\").")
    var oldStyleShare = 0.0

    @Option(name: .customLong("fault"), help: "Inject a fault, KIND@WHEN (repeatable; see above).")
    var faults: [String] = []

    @Option(help: "Retry-After seconds of injected 429 answers.")
    var retryAfter = 1

    @Option(help: "Extra delay of 'slow' faults.")
    var slowDelay = DurationArgument(.seconds(2))

    @Option(help: "Event types: 'seed' (every type of the built-in SID seed plus a few it does not know) or 'builtin' (a small list).")
    var catalogue: CatalogueChoice = .seed

    @Option(help: "Write the accounts' key_id|secret lines here (mode 0600).")
    var authFile: String?

    @Option(help: "Write every event the emulator will ever serve here, as JSON lines {\"account\":KEY_ID,\"event\":{...}}.")
    var truth: String?

    func run() async throws {
        let configuration = try simulatorConfiguration()
        // The files first: the simulator's clock (late arrivals, token expiry) starts with the server.
        do {
            if let authFile { try OutputFiles.writeAuthFile(configuration.simulatedAccounts, to: authFile) }
            if let truth {
                try OutputFiles.writeTruth(configuration.simulatedAccounts.indices.map {
                    SimulatedEventLog(configuration: configuration, account: $0)
                }, to: truth)
            }
        } catch {
            throw Self.failure("\(error)")
        }
        let sim: HaloSimulator
        do {
            sim = try await HaloSimulator.start(configuration, port: port, stopOnSignals: true)
        } catch {
            throw Self.failure("cannot listen on 127.0.0.1:\(port): \(error). Choose another --port, or 0 for any free port.")
        }
        // Unbuffered writes: the URL line reaches a reading parent at once.
        try? Descriptor.writeAll(1, Array("\(sim.baseURL)\n".utf8), on: "standard output")
        Descriptor.writeToStandardError(
            "halo-sim: \(configuration.accounts) account(s) × \(configuration.eventsPerAccount) events on \(sim.baseURL); SIGINT/SIGTERM stops\n")
        try await sim.waitUntilStopped()
    }

    /// Reports `message` on standard error and gives exit status 1.
    private static func failure(_ message: String) -> ExitCode {
        Descriptor.writeToStandardError("halo-sim: \(message)\n")
        return ExitCode(1)
    }
}
