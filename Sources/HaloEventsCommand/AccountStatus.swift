import HaloConnector
import HaloModel

/// Where one account stands between runs, as `halo-events status` tells it: its checkpoint, its run record
/// (see ``RunRecord``) and what is wrong with them.
struct AccountStatus: Sendable {
    /// Something that makes an account unhealthy.
    enum Problem: Sendable, Hashable {
        /// No run ever recorded and no checkpoint.
        case neverRun
        /// Its last run failed (the sentence says why).
        case failed(String)
        /// A crashed run left a batch pending (the next run settles it).
        case pending(events: Int, output: String)
        /// No run succeeded for more than the limit (`since`: the last success, if any).
        case stale(since: HaloTimestamp?, limit: Double)
        /// The checkpoint or the run record cannot be read (the sentence says why).
        case unreadable(String)

        /// The short name in the table and in `--json`.
        var code: String {
            switch self {
            case .neverRun: "never-run"
            case .failed: "failed"
            case .pending: "pending"
            case .stale: "stale"
            case .unreadable: "unreadable"
            }
        }
    }

    var keyID: String
    var checkpoint: Checkpoint?
    /// The original connector's timestamp, when the account has no checkpoint yet (the next run takes it over).
    var legacy: HaloTimestamp?
    var record: RunRecord?
    var problems: [Problem] = []

    /// Reads what `store` holds for `keyID` at `now`; stale when its last run did not fail but no run
    /// succeeded within `stale` seconds (cron no longer runs it, or every run is stopped).
    init(keyID: String, store: CheckpointStore, now: HaloTimestamp, stale: Double) {
        self.keyID = keyID
        do { checkpoint = try store.load(keyID: keyID) } catch { problems.append(.unreadable(Sentences.of(error))) }
        if checkpoint == nil { legacy = try? store.legacyTimestamp(keyID: keyID) }
        do { record = try store.loadRunRecord(keyID: keyID) } catch { problems.append(.unreadable(error.description)) }
        if record == nil, checkpoint == nil, problems.isEmpty { problems.append(.neverRun) }
        if let last = record?.last, last.result == .failed { problems.append(.failed(last.failure ?? "")) }
        if let pending = checkpoint?.pending { problems.append(.pending(events: pending.events, output: pending.landing.output)) }
        if let last = record?.last, last.result != .failed {
            let since = record?.lastSuccess?.at
            if since.map({ now.secondsSince1970 - $0.secondsSince1970 > stale }) ?? true { problems.append(.stale(since: since, limit: stale)) }
        }
    }

    var healthy: Bool { problems.isEmpty }

    /// The newest `created_at` delivered (the checkpoint's time).
    var checkpointTime: HaloTimestamp? { checkpoint?.cursor.newest }

    /// Events delivered by the runs of the 24 hours before `now`.
    func deliveredLastDay(before now: HaloTimestamp) -> Int { record?.delivered(before: now) ?? 0 }
}
