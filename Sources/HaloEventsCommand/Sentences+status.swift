import HaloConnector
import HaloModel
import HaloPlatform
import HaloSIDMap

/// What `halo-events status`, `halo-events checkpoint` and `--metrics-file` say, and the run's notices about
/// where an account starts.
extension Sentences {
    // MARK: - Where an account starts

    /// An account takes over the original connector's timestamp (said once: the run leaves a checkpoint).
    static func takenOver(keyID: String, timestamp: HaloTimestamp, file: String) -> Diagnostics.Line {
        .info("key \(keyID): taking over the original connector's checkpoint: starting from \(timestamp), the timestamp it saved in \(file) (from now on this account keeps its own checkpoint; that file is no longer read)")
    }

    /// `--starting` given while accounts have checkpoints.
    static func startingIgnored(_ starting: HaloTimestamp, keyIDs: [String]) -> Diagnostics.Line {
        let keys = keyIDs.count == 1 ? "key \(keyIDs[0]) resumes from its checkpoint" : "keys \(keyIDs.joined(separator: ", ")) resume from their checkpoints"
        return .info("--starting=\(starting) is ignored: \(keys). To read again from a point, run `halo-events checkpoint set \(starting.iso8601(fractionDigits: 0)) --key KEY_ID` (or `halo-events checkpoint rewind 2h`) with the same --auth and --configdir")
    }

    static func runRecordNotSaved(keyID: String, _ error: SystemCallError) -> Diagnostics.Line {
        .warning("key \(keyID): cannot save the run record that `halo-events status` reads: \(error.description) (the checkpoint is not affected)")
    }

    // MARK: - status

    static func sidmapUnreadable(_ path: String, _ error: any Error) -> String {
        "cannot read the unmapped types of --sidmap=\(path): \(error)"
    }

    /// What is wrong with an account, in one sentence.
    static func of(_ problem: AccountStatus.Problem, now: HaloTimestamp) -> String {
        switch problem {
        case .neverRun: "no run recorded and no checkpoint yet: run halo-events (or check the cron line)"
        case .failed(let why): "the last run failed: \(why)"
        case .pending(let events, let output):
            "a crashed run left a batch of \(events) events pending for \(output); the next run settles it (checks whether it is whole in the file)"
        case .stale(let since, let limit):
            "no run succeeded for more than \(age(limit)) (--stale)\(since.map { "; the last one ended \(age(from: $0, to: now)) ago" } ?? ""): is cron still running halo-events?"
        case .unreadable(let why): why
        }
    }

    /// The agent's line of the status.
    static func of(_ agent: StatusReport.Agent) -> String {
        guard let position = agent.position else { return "ossim-agent: \(agent.log) does not exist yet" }
        switch agentLag(position, log: agent.log, threshold: agent.threshold, verbose: true) {
        case .warning(let text)?, .info(let text)?, .error(let text)?: return text
        case nil: return "ossim-agent has read \(agent.log)"
        }
    }

    /// The unmapped types line of the status.
    static func unmappedTypes(_ sightings: [UnmappedSighting]) -> String {
        guard !sightings.isEmpty else { return "unmapped types: none" }
        let shown = sightings.prefix(10).map { "\($0.type ?? $0.name ?? "?") (\($0.count))" }.joined(separator: ", ")
        let more = sightings.count > 10 ? ", and \(sightings.count - 10) more" : ""
        return "unmapped types: \(sightings.count) (events of them carry the generic SID until `halo-sidbuilder sync` maps them): \(shown)\(more)"
    }

    /// The last line of the status.
    static func verdict(_ report: StatusReport) -> String {
        let sick = report.accounts.filter { !$0.healthy }.count
        guard !report.healthy else { return "healthy: \(report.accounts.count) account\(report.accounts.count == 1 ? "" : "s")" }
        return "unhealthy: \(sick) of \(report.accounts.count) account\(report.accounts.count == 1 ? "" : "s")"
            + (report.agent?.lagging == true ? ", the agent" : "") + (report.unmappedUnreadable ? ", the SID table" : "")
    }

    /// A duration as people read it: `45s`, `5m 3s`, `2h 5m`, `3d 4h`.
    static func age(_ seconds: Double) -> String {
        let s = Int(max(0, seconds).rounded(.down))
        switch s {
        case ..<60: return "\(s)s"
        case ..<3_600: return "\(s / 60)m \(s % 60)s"
        case ..<86_400: return "\(s / 3_600)h \(s % 3_600 / 60)m"
        default: return "\(s / 86_400)d \(s % 86_400 / 3_600)h"
        }
    }

    static func age(from t: HaloTimestamp, to now: HaloTimestamp) -> String { age(now.secondsSince1970 - t.secondsSince1970) }

    // MARK: - checkpoint

    /// `checkpoint show` for one account.
    static func show(_ status: AccountStatus, now: HaloTimestamp) -> [String] {
        let key = "key \(status.keyID)"
        guard let checkpoint = status.checkpoint else {
            if let legacy = status.legacy {
                return ["\(key): no checkpoint; the next run takes over the original connector's timestamp \(legacy)"]
            }
            return ["\(key): no checkpoint; the next run starts from --starting (else from the oldest event Halo keeps)"]
        }
        let cursor = checkpoint.cursor
        var lines = [
            "\(key): checkpoint \(cursor.newest.map { "\($0) (\(age(from: $0, to: now)) ago)" } ?? "not set")",
            "\(key): \(cursor.delivered.count) ids kept to drop repeats\(cursor.coveredFrom.map { ", from \($0)" } ?? "")",
            "\(key): last sweep for late arrivals \(cursor.lastSweep.map { "\($0)" } ?? "never")",
        ]
        if let pending = checkpoint.pending {
            lines.append("\(key): a batch of \(pending.events) events pending for \(pending.landing.output) (the next run settles it)")
        }
        return lines
    }

    /// What `checkpoint set|rewind` did.
    static func moved(_ keyID: String, from old: HaloTimestamp?, to checkpoint: Checkpoint) -> String {
        let to = checkpoint.cursor.newest.map { "\($0)" } ?? "not set"
        let back: Bool = if let old, let new = checkpoint.cursor.newest { new < old } else { false }
        return "key \(keyID): checkpoint moved from \(old.map { "\($0)" } ?? "none") to \(to); "
            + (back ? "the next run delivers the events from there again, once each" : "the next run reads from there")
    }

    // MARK: - metrics

    static func metricsNotWritten(_ path: String, _ error: SystemCallError) -> Diagnostics.Line {
        .warning("cannot write --metrics-file=\(path): \(error.description)")
    }
}
