import HaloDelivery

extension Sentences {
    /// What the agent watch found before the run wrote (``AgentWatch``), or `nil` when there is nothing to say.
    static func agentWatch(_ finding: AgentWatch.Finding, log: String) -> Diagnostics.Line? {
        switch finding {
        case .reading, .noBookmark:
            nil
        case .reappended(let lines):
            .warning("ossim-agent restarted and skipped \(lines) lines of \(log) (it starts at the end of the file): appended them again, once")
        case .stopped(let unread, false):
            .warning("ossim-agent is not running (its pid file says so): its bookmark now names its last line in \(log), so once started it reads on after it (\(unread) lines, and this run's); until then nothing reaches OSSIM")
        case .stopped(let unread, true):
            .warning("ossim-agent is not running (it stopped with lines left, and dropped the one it read while stopping): its bookmark now names the line before that one in \(log), so once started it reads on from the dropped line (\(unread) lines, and this run's); until then nothing reaches OSSIM")
        case .notReading(let unread):
            .warning("ossim-agent is not reading \(log): its bookmark has not moved with \(unread.map(String.init) ?? "some") lines left to read, and it did not read a probe line; is it running? Once it is, the next run appends the lines it skipped again")
        }
    }

    /// What the bookmark keeper did or saw during the run (``BookmarkKeeper``).
    static func bookmarkKeeper(_ event: BookmarkKeeper.Event, log: String, pidFile: String) -> Diagnostics.Line {
        switch event {
        case .mended(let mend, guessed: false) where mend.readAtStop:
            .warning("ossim-agent stopped during the run (\(pidFile) removed) with lines left, and dropped the one it read while stopping: its bookmark now names the line before that one in \(log), so once started it reads on from the dropped line (\(mend.unreadLines) lines so far)")
        case .mended(let mend, guessed: false):
            .warning("ossim-agent stopped during the run (\(pidFile) names no live process): its bookmark now names its last line in \(log), so once started it reads on after it (\(mend.unreadLines) lines so far)")
        case .mended(let mend, guessed: true):
            .warning("ossim-agent stopped during the run (\(pidFile) names no live process) while rewriting its bookmark, which it left unreadable: it now names the last line seen in it in \(log), so once started the agent reads on after that (\(mend.unreadLines) lines so far; up to about 10 it had read already are read again)")
        case .restartedUnseen(let from, let to):
            .warning("ossim-agent restarted during the run (pid \(from), then \(to)) before its bookmark could be kept: if it started at the end of \(log), the lines it had not read will not reach OSSIM; compare `halo-events status` with the events in OSSIM")
        case .failed(let reason):
            .warning("cannot set ossim-agent's bookmark for \(log) while it is stopped: \(reason); started again, it will skip the lines it had not read")
        }
    }

    /// How far behind the agent is after the run: a warning beyond `threshold` lines (`nil`: never), else
    /// (with `-v`) a note.
    static func agentLag(_ position: AgentPosition, log: String, threshold: Int?, verbose: Bool) -> Diagnostics.Line? {
        guard let lines = position.unreadLines else {
            return .warning("ossim-agent's bookmark line is not in \(log): it is not reading this file (its plugin has no bookmark_dir, or it is stopped?)")
        }
        if let threshold, lines > threshold {
            return .warning("ossim-agent is \(lines) lines behind in \(log) (more than \(threshold)); logrotate waits for it before rotating")
        }
        return verbose ? .info("ossim-agent has \(lines) lines of \(log) to read") : nil
    }
}
