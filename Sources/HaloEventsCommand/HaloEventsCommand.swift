import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloAPI
import HaloCommandLine
import HaloConnector
import HaloModel
import HaloOutput
import HaloPlatform

/// `halo-events`: the connector, run from cron on the OSSIM sensor.
public struct HaloEventsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "halo-events",
        abstract: "Reads new CloudPassage Halo events for each API key in the auth file and writes one line per event.",
        discussion: """
            Each account resumes from its checkpoint in --configdir and re-reads a --lookback window before it, \
            dropping events already delivered: nothing is lost or repeated across runs. Events that arrive later \
            than the lookback (up to --horizon after their created_at) are found by comparing the API's counts \
            with what was delivered, every --horizon-check. Output to a file is exactly \
            once even if a run is killed; to stdout or syslog at least once (a crash may repeat one batch; over UDP only sent).

            At the end of a run, one summary line per account goes to standard error (the only output there when \
            all is well; --quiet leaves out the accounts that succeeded).

            Exit status: 0 every account delivered; 1 some accounts failed (each kept the checkpoint of its last committed batch, so \
            nothing is skipped; the others were delivered); 64 bad flags; 75 another run holds the lock in --configdir (this run did \
            nothing); 78 configuration error before any account ran (auth file, config directory, output, SID \
            database, --cacert); 143 stopped by SIGTERM or SIGINT (each account wrote and committed what it had \
            read; the next run goes on; a second signal exits at once). `halo-events status` exits 2 when something \
            is unhealthy.

            `halo-events status` tells where each account stands, `halo-events checkpoint show|set|rewind` shows or \
            moves checkpoints; both take the flags of the run (--auth, --configdir, ...).
            """,
        version: HaloToolkit.version,
        subcommands: [StatusCommand.self, CheckpointCommand.self],
        helpNames: [.short, .long, .customShort("?")]
    )

    @Option(help: ArgumentHelp("The auth file: one `key_id|secret` line per Halo account (default: HALO_API_KEY and HALO_API_SECRET_KEY from the environment when set, else $CREDENTIALS_DIRECTORY/haloEvents.auth when there, else haloEvents.auth beside the executable).", valueName: "FILE"))
    var auth: String?

    @Option(help: ArgumentHelp("Where an account without a checkpoint starts (ISO-8601); at most 90 days back.", valueName: "ISO8601"))
    var starting: String?

    @Option(name: [.customLong("configdir"), .customLong("cfgdir")],
            help: ArgumentHelp("Directory of the checkpoints and the run lock (default: the executable's directory).", valueName: "DIR"))
    var configdir: String?

    @Option(help: ArgumentHelp("Base URL of the Halo API, port included if not 443 (http:// only to a loopback host).", valueName: "URL"))
    var url = "https://api.cloudpassage.com"

    @Option(help: ArgumentHelp("Port of the Halo API (overrides the port in --url).", valueName: "N"))
    var port: Int?

    @Option(help: ArgumentHelp("At most this many events per account in this run; the rest comes next run.", valueName: "N"))
    var limit: Int?

    @Option(help: ArgumentHelp("Pages fetched in parallel per account (1-16); written strictly in order.", valueName: "N"))
    var threads = 4

    @Option(help: ArgumentHelp("Events per batch: the unit written, flushed and checkpointed.", valueName: "N"))
    var batchsize = 2_000

    @Option(help: ArgumentHelp("Window re-read before the checkpoint to catch late events: seconds, or with ms/s/m/h/d (e.g. 5m); at most 7 days. (default: 5m)", valueName: "DURATION"),
            transform: DurationArgument.parser(flag: "--lookback", atMost: DurationArgument(.seconds(7 * 86_400))))
    var lookback = DurationArgument(.seconds(300))

    @Option(name: .customLong("per-page"), help: ArgumentHelp("Events asked for per page (1-500; the API documents 100, a refused larger size falls back to 100).", valueName: "N"))
    var perPage = 100

    @Option(help: ArgumentHelp("How long after its created_at an event may still appear (a Halo agent that was offline uploads late): the ids delivered within it are kept and its older part is swept for late arrivals; 0 turns the sweep off. At most 7 days. (default: 24h)", valueName: "DURATION"),
            transform: DurationArgument.parser(flag: "--horizon", atMost: DurationArgument(.seconds(7 * 86_400))))
    var horizon = DurationArgument(.seconds(86_400))

    @Option(name: .customLong("horizon-check"), help: ArgumentHelp("Time between two sweeps of the horizon for late arrivals (one request when nothing came late); 0: every run. (default: 1h)", valueName: "DURATION"),
            transform: DurationArgument.parser(flag: "--horizon-check", atMost: DurationArgument(.seconds(7 * 86_400))))
    var horizonCheck = DurationArgument(.seconds(3_600))

    @Option(help: ArgumentHelp("The SID database of halo-sidbuilder: SIDs from it, unknown event types recorded in it (default: the built-in table, nothing recorded).", valueName: "DB"))
    var sidmap: String?

    @Option(help: ArgumentHelp("HTTP proxy for the API: host:port or http://[user:password@]host:port (default: https_proxy from the environment, unless no_proxy lists the API's host).", valueName: "PROXY"))
    var proxy: String?

    @Option(help: ArgumentHelp("PEM file of CA certificates trusted for the API instead of the system's.", valueName: "FILE"))
    var cacert: String?

    @Option(help: ArgumentHelp("Retries of a failing request (429, 5xx, timeouts, resets, bad JSON) before its account fails.", valueName: "N"))
    var retries = 5

    @Option(name: .customLong("retry-time"), help: ArgumentHelp("Longest time one request may take, retries and waits included (seconds).", valueName: "SECONDS"))
    var retryTime = 300.0

    @Option(help: ArgumentHelp("Seconds one HTTP attempt may wait for an answer.", valueName: "SECONDS"))
    var timeout = 60.0

    @Option(name: .customLong("retry-base-delay"), help: .hidden)
    var retryBaseDelay = 1.0

    @Flag(name: [.customShort("v"), .long], help: "Progress per account on standard error.")
    var verbose = false

    @Flag(help: "No summary line for accounts that succeeded.")
    var quiet = false

    @Flag(help: "Try the whole chain offline: an in-process Halo emulator on 127.0.0.1, this connector writing CEF into a temporary directory, and the OSSIM plugin rules over the result.")
    var demo = false

    @OptionGroup var metrics: MetricsOptions
    @OptionGroup(title: "Event types") var filter: FilterOptions

    @OptionGroup(title: "Output (one; default: JSON lines on standard output)")
    var output: OutputOptions

    @OptionGroup(title: "Health (lines about the feed itself, in the output)") var health: HealthOptions
    @OptionGroup(title: "ossim-agent") var agent: AgentOptions

    public init() {}

    public func validate() throws {
        do { _ = try makeConfiguration() } catch { throw ValidationError(error.description) }
        do { _ = try output.resolve() } catch { throw ValidationError(error.description) }
        do { _ = try health.settings() } catch { throw ValidationError(error.description) }
        do { _ = try agent.lagWarning() } catch { throw ValidationError(error.description) }
    }

    public func run() async throws {
        // The API secrets are in this process's memory: a crash must not write them into a core file.
        var noCoreDump = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCoreDump)
        if demo {
            let status = try await Demo().run()
            if status != .success { throw ExitCode(status.rawValue) }
            return
        }
        // A closed pipe or a file-size limit must surface as a write error (the batch is not committed),
        // not kill the process.
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        let diagnostics = Diagnostics.standardError
        var configuration: ConnectorConfiguration
        let api: HaloAPISettings
        let (formatter, destination): (any EventFormatter, OutputDestination)
        do {
            (configuration, api) = try makeConfiguration()
            (formatter, destination) = try output.resolve()
        } catch {
            throw ValidationError(error.description)
        }
        if KeySource.choose(auth: auth, environment: environment, home: RunningExecutable.directory) == .environment {
            do { configuration.keys = try KeySource.environmentKeys(environment) } catch {
                diagnostics.error(Sentences.of(error))
                throw ExitCode(ExitStatus.configuration.rawValue)
            }
            // Read once; no child process or later lookup needs the secret in the environment.
            unsetenv(KeySource.secretVariable)
        }
        var run: HaloEventsRun
        do {
            run = HaloEventsRun(
                configuration: configuration, api: api, formatter: formatter, destination: destination,
                classification: try SIDClassification.load(database: sidmap))
        } catch {
            diagnostics.error(error.description)
            throw ExitCode(ExitStatus.configuration.rawValue)
        }
        run.verbose = verbose
        run.quiet = quiet
        run.metricsFile = metrics.metricsFile
        run.health = try? health.settings()
        run.agentLagWarning = try agent.lagWarning()
        run.agentPidFile = agent.agentPidFile
        let (status, _) = await cancellingOnSignals(diagnostics: diagnostics) { [run] in await run.run(diagnostics: diagnostics) }
        if status != .success { throw ExitCode(status.rawValue) }
    }

    /// The process's environment (proxies, the API key of `KeySource`).
    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The run's settings from the flags; a `UsageError` names the flag that is wrong.
    func makeConfiguration() throws(UsageError) -> (ConnectorConfiguration, HaloAPISettings) {
        let home = RunningExecutable.directory
        var c = ConnectorConfiguration(
            authFile: KeySource.choose(auth: auth, environment: environment, home: home).authFile(home: home),
            configDirectory: configdir ?? home)
        var api = HaloAPISettings()
        if auth?.isEmpty == true { throw UsageError("--auth needs a file name") }
        if configdir?.isEmpty == true { throw UsageError("--configdir needs a directory") }
        do { api.endpoint = try HaloEndpoint(url: url, port: port) } catch { throw UsageError(Sentences.of(error, url: url)) }
        if let starting {
            guard let t = HaloTimestamp(iso8601: starting) else {
                throw UsageError("--starting=\(starting) is not an ISO-8601 date or time (e.g. 2024-05-01 or 2024-05-01T12:00:00Z)")
            }
            guard t <= c.now() else { throw UsageError("--starting=\(starting) is in the future") }
            c.starting = t
        }
        c.typeFilter = try filter.resolve()
        c.lookback = lookback.seconds
        guard (1...500).contains(perPage) else { throw UsageError("--per-page must be between 1 and 500") }
        c.perPage = perPage
        c.horizon = horizon.seconds
        c.sweepInterval = horizonCheck.seconds
        if let limit {
            guard limit >= 1 else { throw UsageError("--limit must be at least 1") }
            c.limit = limit
        }
        guard (1...16).contains(threads) else { throw UsageError("--threads must be between 1 and 16") }
        c.threads = threads
        guard (1...100_000).contains(batchsize) else { throw UsageError("--batchsize must be between 1 and 100000") }
        c.batchSize = batchsize
        guard (0...20).contains(retries) else { throw UsageError("--retries must be between 0 and 20") }
        guard retryTime > 0, timeout > 0, retryBaseDelay >= 0 else {
            throw UsageError("--retry-time and --timeout must be positive")
        }
        api.retry = RetryPolicy(
            maxAttempts: retries + 1, baseDelay: .seconds(retryBaseDelay), maxDelay: .seconds(30), attemptTimeout: .seconds(timeout),
            maxTotalTime: .seconds(retryTime))
        if let proxy {
            let setting: ProxySetting
            do { setting = try ProxySetting(proxy) } catch { throw UsageError(Sentences.of(error)) }
            // Plain http through a proxy elsewhere would carry the secret and the events across the network.
            guard api.endpoint.scheme == "https" || HaloEndpoint.isLoopback(setting.host) else {
                throw UsageError(
                    "--proxy=\(setting) with --url=\(api.endpoint): plain http:// may not leave this host, and that proxy is elsewhere; use https:// or a proxy on a loopback address")
            }
            api.proxy = setting
        } else {
            // As the original connector (urllib): https_proxy, no_proxy, … when no --proxy is given.
            api.proxyEnvironment = ProcessInfo.processInfo.environment
        }
        api.caCertificateFile = cacert
        api.connections = c.threads * c.accountsInParallel
        return (c, api)
    }
}
