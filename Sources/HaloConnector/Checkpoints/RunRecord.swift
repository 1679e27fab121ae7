import HaloModel

/// What the runs of one account did lately, kept beside its checkpoint (`<stem>.<key id>.runs`) for
/// `halo-events status` and the metrics file: the last run's result, the counts of the last run that
/// succeeded, running totals, and the events delivered by each recent run (for the count over 24 h).
///
/// A run that fails records its failure and adds what it did deliver, but keeps the last success's counts.
public struct RunRecord: Sendable, Hashable {
    /// How a run of the account ended.
    public enum Result: String, Sendable, Hashable, Codable {
        case succeeded, failed, stopped
    }

    /// One run of the account.
    public struct Run: Sendable, Hashable {
        /// When it ended (wall clock).
        public var at: HaloTimestamp
        public var result: Result
        /// Why it failed, in one sentence without the secret; `nil` unless it failed.
        public var failure: String?
        public var delivered: Int
        public var requests: Int
        public var retries: Int
        public var seconds: Double

        public init(at: HaloTimestamp, result: Result, failure: String? = nil, delivered: Int, requests: Int, retries: Int, seconds: Double) {
            self.at = at
            self.result = result
            self.failure = failure
            self.delivered = delivered
            self.requests = requests
            self.retries = retries
            self.seconds = seconds
        }
    }

    /// Sums over every run recorded (monotonic: Prometheus counters).
    public struct Totals: Sendable, Hashable, Codable {
        public var runs = 0
        public var delivered = 0
        public var requests = 0
        public var retries = 0
        public var failures = 0

        public init() {}
    }

    public var keyID: String
    /// The last run, whatever its result.
    public var last: Run?
    /// The last run that succeeded (its counts are kept when later runs fail).
    public var lastSuccess: Run?
    public var totals = Totals()
    /// When each recent run ended and how many events it delivered, oldest first: the last
    /// ``historyWindow`` seconds, at most ``historyLimit`` runs.
    public var recent: [Sample] = []

    /// When a run ended and how many events it delivered.
    public struct Sample: Sendable, Hashable {
        public var at: HaloTimestamp
        public var delivered: Int
    }

    /// How far back ``recent`` goes.
    public static let historyWindow: Double = 86_400
    /// The most runs ``recent`` keeps (a run a minute for a day, and some).
    public static let historyLimit = 1_500

    public init(keyID: String) { self.keyID = keyID }

    /// This record with `run` added.
    public func adding(_ run: Run) -> RunRecord {
        var record = self
        record.last = run
        if run.result == .succeeded { record.lastSuccess = run }
        record.totals.runs += 1
        record.totals.delivered += run.delivered
        record.totals.requests += run.requests
        record.totals.retries += run.retries
        if run.result == .failed { record.totals.failures += 1 }
        let since = run.at.adding(seconds: -RunRecord.historyWindow)
        record.recent = Array((record.recent.filter { $0.at > since } + [Sample(at: run.at, delivered: run.delivered)]).suffix(RunRecord.historyLimit))
        return record
    }

    /// The events delivered by the runs that ended in the `seconds` before `now`.
    public func delivered(within seconds: Double = RunRecord.historyWindow, before now: HaloTimestamp) -> Int {
        let since = now.adding(seconds: -seconds)
        return recent.filter { $0.at > since && $0.at <= now }.reduce(0) { $0 + $1.delivered }
    }
}

extension RunRecord.Run {
    /// The run of one account as its summary tells it, ended at `at`; `describe` puts a failure in words.
    public init(_ summary: AccountSummary, at: HaloTimestamp, describe: (any Error) -> String) {
        let result: RunRecord.Result = summary.failure != nil ? .failed : summary.stopped ? .stopped : .succeeded
        self.init(
            at: at, result: result, failure: summary.failure.map(describe), delivered: summary.delivered,
            requests: summary.requests.requests, retries: summary.requests.retries, seconds: summary.seconds)
    }
}
