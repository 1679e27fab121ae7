/// The exit status of a `halo-events` run. Cron jobs and monitoring read these; they never change meaning.
///
/// | code | meaning |
/// | --- | --- |
/// | 0 | every account was read to the end (or to `--limit`) and delivered |
/// | 1 | at least one account failed; the others were delivered; failed accounts kept their checkpoints |
/// | 2 | `halo-events status` only: something is unhealthy (an account never ran, failed, has a pending batch or is stale; the agent lags; the SID table cannot be read) |
/// | 64 | usage error: a flag or its value is wrong (nothing was read or written) |
/// | 75 | another run holds the lock in the config directory: this run did nothing (try again later) |
/// | 78 | configuration or environment error before any account ran (auth file, config directory, output, SID database) |
/// | 143 | stopped by SIGTERM or SIGINT: each account wrote and committed what it had read; the next run goes on from there |
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    case accountsFailed = 1
    /// `halo-events status`: some account (or the agent, or the SID table) is not healthy; the lines after the table say why.
    case unhealthy = 2
    case usage = 64
    case lockHeld = 75
    case configuration = 78
    case stopped = 143
}
