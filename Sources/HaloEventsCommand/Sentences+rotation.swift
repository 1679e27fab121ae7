import HaloDelivery

extension Sentences {
    /// What the agent watch found before the run wrote (``AgentWatch``), or `nil` when there is nothing to say.
    static func agentWatch(_ finding: AgentWatch.Finding, log: String) -> Diagnostics.Line? {
        switch finding {
        case .reading, .noBookmark:
            nil
        case .reappended(let lines):
            .warning("ossim-agent restarted and skipped \(lines) lines of \(log) (it starts at the end of the file): appended them again, once")
        case .notReading(let unread):
            .warning("ossim-agent is not reading \(log): its bookmark has not moved with \(unread.map(String.init) ?? "some") lines left to read, and it did not read a probe line; is it running? Once it is, the next run appends the lines it skipped again")
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
