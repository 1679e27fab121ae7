import Foundation
import HaloModel

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
    /// Pages fetched in parallel per account.
    public var threads: Int = 4
    /// Accounts read in parallel.
    public var accountsInParallel: Int = 4
    /// Events per output batch: the unit that is written, flushed and checkpointed.
    public var batchSize: Int = 2_000
    /// The wall clock (settable for tests): `--starting` is clamped to 90 days before it.
    public var now: @Sendable () -> HaloTimestamp = { HaloTimestamp.now }

    /// How far back Halo keeps events.
    public static let retention: Double = 90 * 86_400

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
