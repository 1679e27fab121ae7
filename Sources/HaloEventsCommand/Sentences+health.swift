import HaloConnector
import HaloModel

extension Sentences {
    /// The `message` of a health line (``HealthCondition``): what is wrong and what to look at.
    static func health(_ condition: HealthCondition) -> String {
        switch condition {
        case .accountFailed(let keyID, let failure):
            return "key \(keyID): FAILED: \(of(failure)); its checkpoint keeps the last committed batch"
        case .accountSilent(let keyID, let newest, let silence):
            let since = newest.map { "since \($0.iso8601(fractionDigits: 3)) (its checkpoint's newest event)" } ?? "ever (it has no checkpoint's newest event)"
            return "key \(keyID): no event \(since), for \(duration(silence)) or more (--silence); is the Halo account still sending?"
        case .checkpointStalled(let keyID, let checkpoint, let pending):
            let after = checkpoint.map { "after its checkpoint \($0.iso8601(fractionDigits: 3))" } ?? "(it has no checkpoint yet)"
            return "key \(keyID): the API counts \(pending) event\(pending == 1 ? "" : "s") \(after) created before this run began, and the run delivered none: the checkpoint is not moving"
        case .agentLagging(let log, let unread, let threshold):
            return "ossim-agent is \(unread) lines behind in \(log) (more than \(threshold)) after this run"
        case .agentStopped(let log, let unread):
            return "ossim-agent is not reading \(log): its bookmark has not moved with \(unread.map(String.init) ?? "some") lines left, and it did not read a probe line; is it running?"
        case .heartbeat(let accounts):
            let failed = accounts.filter { !$0.succeeded }.count
            let delivered = accounts.reduce(0) { $0 + $1.delivered }
            return "halo-events ran: \(accounts.count) account\(accounts.count == 1 ? "" : "s"), \(failed) failed, \(delivered) event\(delivered == 1 ? "" : "s") delivered"
        }
    }

    /// What happened to the health lines, on stderr.
    static func line(for notice: HealthNotice, verbose: Bool) -> Diagnostics.Line? {
        switch notice {
        case .notWritten(let count, let error):
            return .warning("the \(count) health line\(count == 1 ? "" : "s") of this run could not be written (the events were): \(of(error))")
        case .pendingSettled(let lines, let output, let resolution):
            switch resolution {
            case .written, .notWritten, .fileGone, .fileChanged:
                return verbose ? .info("the health lines (\(lines)) of a crashed run in \(output): settled, not written again") : nil
            case .tornAndCut(let path, let length):
                return .warning("a crashed run left \(length) bytes of its health lines half-written at the end of \(path); cut them off (health lines are not written again)")
            }
        }
    }

    /// `90s`, `2h`, `1d` as the flags write durations.
    private static func duration(_ seconds: Double) -> String {
        let s = Int(seconds)
        if s % 86_400 == 0 { return "\(s / 86_400)d" }
        if s % 3_600 == 0 { return "\(s / 3_600)h" }
        if s % 60 == 0 { return "\(s / 60)m" }
        return "\(s)s"
    }
}
