import ArgumentParser
import HaloCommandLine
import HaloConnector
import HaloModel

/// `halo-events status`: where each account stands between runs, from the files a run leaves in --configdir.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Tells where each account of the auth file stands: checkpoint, last run, events of the last 24 h, the agent's lag.",
        discussion: """
            Give it the flags of the cron line (--auth, --configdir, the output, --sidmap; before or after `status`): \
            it reads the checkpoints and run records there, never the API, and takes no lock. Per account: the \
            checkpoint (newest event delivered) and its age, the last run's result and time, the events delivered by \
            the runs of the last 24 h, a batch a crashed run left pending; then how far ossim-agent is behind in the \
            output file (from its bookmark in <configdir>/agent) and, with --sidmap, the event types the SID table does \
            not map yet.

            An account is unhealthy when it never ran, its last run failed, a batch is pending, or no run succeeded \
            within --stale; the agent when it is more lines behind than a run warns about, or not reading the file.

            Exit status: 0 healthy; 2 something is unhealthy (the lines after the table say what); 64 bad flags; \
            78 the auth file cannot be read.
            """)

    @ParentCommand var flags: HaloEventsCommand

    @Flag(help: "One JSON object for scripts instead of the table.")
    var json = false

    @Option(help: ArgumentHelp("An account whose last run that succeeded is older than this is stale (default: 1h).", valueName: "DURATION"),
            transform: DurationArgument.parser(flag: "--stale", atMost: DurationArgument(.seconds(90 * 86_400))))
    var stale = DurationArgument(.seconds(3_600))

    func run() throws {
        let report = try makeReport()
        let text = json ? report.json : report.text
        print(text, terminator: "")
        if !report.healthy { throw ExitCode(ExitStatus.unhealthy.rawValue) }
    }

    /// The report of the state the flags name; exits 78 when the auth file cannot be read.
    private func makeReport() throws -> StatusReport {
        let (configuration, _) = try flags.makeConfiguration()
        let (_, destination) = try flags.output.resolve()
        let auth: AuthFile
        do { auth = try AuthFile.load(path: configuration.authFile) } catch {
            Diagnostics.standardError.error(Sentences.of(error))
            throw ExitCode(ExitStatus.configuration.rawValue)
        }
        let store = CheckpointStore(directory: configuration.configDirectory, authFile: configuration.authFile)
        return StatusReport(
            keys: auth.keys.map(\.keyID), store: store, destination: destination, sidmap: flags.sidmap, now: configuration.now(),
            stale: stale.seconds, agentLagThreshold: try flags.agent.lagWarning())
    }
}
