import HaloModel
import HaloPlatform

/// What a run does, as the command line decided it (where the API is and how it is asked belongs to the
/// ``EventService``).
public struct ConnectorConfiguration: Sendable {
    /// The auth file (`key_id|secret` lines).
    public var authFile: String
    /// The config directory: checkpoints and the lock live here.
    public var configDirectory: String
    /// Where an account without a checkpoint starts (`nil`: from the oldest event Halo keeps).
    public var starting: HaloTimestamp?
    /// Seconds re-read before the newest delivered timestamp, to catch late arrivals (default 5 minutes).
    public var lookback: Double = 300
    /// Most events delivered per account in this run (`nil`: no limit); the rest comes next run.
    public var limit: Int?
    /// Events asked for per page (the Halo API documents 100; some services take up to 500). A refused size
    /// falls back to 100 for the rest of the run.
    public var perPage: Int = 100
    /// Seconds after its `created_at` an event may still appear (a Halo agent that was offline uploads its
    /// events late): the ids delivered within it are kept, and its older part is swept for late arrivals
    /// (see ``sweepInterval``). 0: only the lookback catches late events.
    public var horizon: Double = 86_400
    /// Seconds between two sweeps of the horizon for late arrivals (0: every run).
    public var sweepInterval: Double = 3_600
    /// Pages fetched in parallel per account.
    public var threads: Int = 4
    /// Accounts read in parallel.
    public var accountsInParallel: Int = 4
    /// Events per output batch: the unit that is written, flushed and checkpointed.
    public var batchSize: Int = 2_000
    /// The event types delivered; the others only move the checkpoint.
    public var typeFilter = EventTypeFilter.all
    /// The keys when they come from elsewhere than an auth file (the environment); `nil`: read ``authFile``.
    public var keys: AuthFile?
    /// The wall clock (settable for tests): `--starting` is clamped to 90 days before it.
    public var now: @Sendable () -> HaloTimestamp = { HaloTimestamp.now }

    /// How far back Halo keeps events.
    public static let retention: Double = 90 * 86_400

    /// The oldest `since` a run asks for: an hour inside Halo's 90 days, so that a clock that differs a
    /// little from the service's does not make it refuse the query.
    public static func oldestReadable(now: HaloTimestamp) -> HaloTimestamp { now.adding(seconds: 3_600 - retention) }

    public init(authFile: String, configDirectory: String) {
        self.authFile = authFile
        self.configDirectory = configDirectory
    }
}

extension HaloTimestamp {
    /// The current wall-clock time.
    public static var now: HaloTimestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return HaloTimestamp(microseconds: Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000)
    }
}
