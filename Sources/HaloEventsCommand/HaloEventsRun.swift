import HaloAPI
import HaloConnector
import HaloDelivery
import HaloOutput

/// One `halo-events` run as the flags describe it: the engine with its edges (the Halo API, the SID
/// table, the output) and its notices said on stderr. The command, the demo and the in-process tests all
/// run the connector through this.
public struct HaloEventsRun: Sendable {
    public var configuration: ConnectorConfiguration
    public var api: HaloAPISettings
    public var formatter: any EventFormatter
    public var destination: OutputDestination
    /// The SID table (`--sidmap`), or the built-in one.
    public var classification: SIDClassification
    /// `-v`: progress and what was settled, on stderr.
    public var verbose = false
    /// `--quiet`: no summary line for an account that succeeded.
    public var quiet = false
    /// Lines the agent may have left to read after a run before the run warns (from its bookmark); `nil`: never.
    public var agentLagWarning: Int? = defaultAgentLagWarning
    /// The default of ``agentLagWarning`` (`--agent-lag-warning`; also what `halo-events status` calls lagging).
    public static let defaultAgentLagWarning = 100_000
    /// `--agent-pid-file`: ossim-agent's pid file, which tells whether it is running.
    public var agentPidFile = AgentProcess.defaultPidFile
    /// `--metrics-file`: where the run's metrics are written at its end (see ``RunMetrics``); `nil`: nowhere.
    public var metricsFile: String?
    /// `--health`: health lines into the output after the events (`nil`: none).
    public var health: HealthSettings?

    public init(
        configuration: ConnectorConfiguration, api: HaloAPISettings, formatter: any EventFormatter,
        destination: OutputDestination, classification: SIDClassification = .builtIn
    ) {
        self.configuration = configuration
        self.api = api
        self.formatter = formatter
        self.destination = destination
        self.classification = classification
    }

    /// Runs the connector, saying what happens on `diagnostics`; the exit status and the report.
    public func run(diagnostics: Diagnostics) async -> (ExitStatus, RunReport) {
        var api = api
        api.observer = HaloAPIObserver { [verbose] notice in
            if let line = Sentences.line(for: notice, verbose: verbose) { diagnostics.say(line) }
        }
        let (destination, verbose, quiet) = (destination, verbose, quiet)
        let watch = destination.agentWatch(configDirectory: configuration.configDirectory, pidFile: agentPidFile)
        let session = AgentSession()
        var connector = Connector(
            configuration: configuration, formatter: formatter,
            openOutput: { try await destination.open(watchedBy: watch, diagnostics: diagnostics, session: session) },
            makeEventService: { [api] in try HaloAPIService(api) },
            classifier: classification.classifier, unmapped: classification.recorder,
            observer: RunObserver { notice in
                if let line = Sentences.line(for: notice, verbose: verbose, quiet: quiet) { diagnostics.say(line) }
            })
        connector.describeFailure = { Sentences.of($0) }
        let began = ContinuousClock.now
        if let health {
            connector.health = HealthCheck(
                settings: health, formatter: formatter, classifier: classification.classifier, runStart: configuration.now(),
                agent: { watch.map { AgentHealth(log: $0.log, finding: session.finding.withLock { $0 }, position: $0.settledPosition()) } },
                agentLagThreshold: agentLagWarning, now: configuration.now)
        }
        let report = await connector.run()
        await session.stopKeeping()
        if case .notStarted(let failure) = report.outcome { diagnostics.error(Sentences.of(failure, destination: destination)) }
        // -v with several accounts: one line over all of them, after their own.
        if verbose, report.accounts.count > 1 {
            diagnostics.say(Sentences.closingLine(for: report.accounts))
        }
        if let watch, let position = watch.settledPosition(),
           let line = Sentences.agentLag(position, log: watch.log, threshold: agentLagWarning, verbose: verbose) {
            diagnostics.say(line)
        }
        let status = ExitStatus(report.outcome)
        if let metricsFile {
            let metrics = RunMetrics(
                report: report, status: status, seconds: (ContinuousClock.now - began).seconds, now: configuration.now(),
                store: CheckpointStore(directory: configuration.configDirectory, authFile: configuration.authFile))
            if status != .lockHeld, let line = metrics.write(to: metricsFile) { diagnostics.say(line) }
        }
        return (status, report)
    }
}

extension ExitStatus {
    /// The exit status of a run that ended with `outcome`.
    public init(_ outcome: RunOutcome) {
        switch outcome {
        case .completed: self = .success
        case .accountsFailed: self = .accountsFailed
        case .stopped: self = .stopped
        case .notStarted(let failure) where failure.stage == .lock: self = .lockHeld
        case .notStarted: self = .configuration
        }
    }
}
