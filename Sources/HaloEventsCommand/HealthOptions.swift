import ArgumentParser
import HaloCommandLine

/// `--health`, `--silence`, `--heartbeat`: the feed's own health as lines in the output (see ``HealthCheck``).
struct HealthOptions: ParsableArguments {
    @Flag(help: "Write a health line into the output (same format and sink as the events, so OSSIM alarms on it) for each account that failed, was silent for --silence, or whose checkpoint stalls while the API has events, and when ossim-agent lags or is stopped.")
    var health = false

    @Option(help: ArgumentHelp("With --health: an account whose newest delivered event is older than this is reported silent (at most 90 days). (default: 24h)", valueName: "DURATION"),
            transform: DurationArgument.parser(flag: "--silence", atMost: DurationArgument(.seconds(90 * 86_400))))
    var silence = DurationArgument(.seconds(86_400))

    @Flag(help: "With --health: also one heartbeat line per run, healthy or not (OSSIM can then notice runs that stop).")
    var heartbeat = false

    /// What the flags ask for; `nil` without `--health`.
    func settings() throws(UsageError) -> HealthSettings? {
        guard health else {
            if heartbeat { throw UsageError("--heartbeat needs --health") }
            return nil
        }
        guard silence.seconds > 0 else { throw UsageError("--silence must be positive") }
        return HealthSettings(silence: silence.seconds, heartbeat: heartbeat)
    }
}

/// What `--health` judges a run by.
public struct HealthSettings: Sendable, Hashable {
    /// Seconds without a new event after which an account is reported silent.
    public var silence: Double
    /// Whether a heartbeat line is written on every run.
    public var heartbeat: Bool

    public init(silence: Double = 86_400, heartbeat: Bool = false) {
        self.silence = silence
        self.heartbeat = heartbeat
    }
}
