import Foundation
import HaloModel

/// Everything a run needs to know, as decided by the command line.
public struct ConnectorConfiguration: Sendable {
    /// The auth file (`key_id|secret` lines).
    public var authFile: String
    /// The config directory: checkpoints and the lock live here.
    public var configDirectory: String
    /// The Halo API.
    public var endpoint: HaloEndpoint = .halo
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
    public var retry = RetryPolicy()
    /// Seconds one HTTP attempt may take until the answer starts, and the longest silence while it streams.
    public var requestTimeout: Double = 60
    public var proxy: ProxySetting?
    /// A PEM file of CA certificates to trust instead of the system's (for a TLS-inspecting proxy or gateway).
    public var caCertificateFile: String?
    /// `-v`: progress per account on stderr.
    public var verbose = false
    /// `--quiet`: no summary line for an account that succeeded.
    public var quiet = false
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
    static var now: HaloTimestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return HaloTimestamp(microseconds: Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000)
    }
}
