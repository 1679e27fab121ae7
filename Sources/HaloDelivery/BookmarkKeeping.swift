/// When to mend ossim-agent's bookmark while a run writes the agent's log (``AgentWatch/mendBookmark(expecting:)``):
/// a state machine without I/O, told at each look what the agent's pid file and its bookmark say.
///
/// An agent that stops during a run (killed, crashed, stopped by an admin) would, started again, seek to
/// the end of the log and skip what it had not read and what the run wrote meanwhile. Once its pid file
/// says it is not running and its bookmark has stayed on one line for ``stillFor`` with lines left after
/// it (a live agent with lines to read moves it every millisecond: so a pid file kept elsewhere than the
/// connector is told, or an agent run without one, never makes it race with a live agent), the bookmark
/// is mended, once per line. A new pid seen with no stop seen between is a restart quicker than the looks:
/// the agent may have started at the end of the file, and that is said.
struct BookmarkKeeping: Sendable {
    /// How long the bookmark must stay on one line before it is mended.
    var stillFor: Double

    /// What to do after a look.
    enum Action: Sendable, Hashable {
        case none
        /// Mend the bookmark, which is on `line`.
        case mend(line: [UInt8])
        /// The agent restarted between two looks (pid `from`, then `to`).
        case restartedUnseen(from: Int32, to: Int32)
    }

    private var line: [UInt8]?
    private var lineSince = 0.0
    private var mended: [UInt8]?
    private var pid: Int32?
    private var stopSeen = false

    init(stillFor: Double) { self.stillFor = stillFor }

    /// The bookmark was mended to name `line` (its own, or the one before it): that line counts as mended.
    mutating func mended(_ line: [UInt8]) { (self.line, mended) = (line, line) }

    /// Whether the bookmark on `line` was mended (since the agent was last seen running).
    func hasMended(_ line: [UInt8]?) -> Bool { line != nil && line == mended }

    /// One look at `time` (seconds): the agent's process, the bookmark's line (`nil`: no bookmark), and
    /// whether that line is the log's last (nothing left to read).
    mutating func look(agent: AgentProcess, bookmarkLine: [UInt8]?, caughtUp: Bool, at time: Double) -> Action {
        if bookmarkLine != line { (line, lineSince) = (bookmarkLine, time) }
        switch agent {
        case .running(let now):
            defer { (pid, stopSeen, mended) = (now, false, nil) }
            if let pid, pid != now, !stopSeen { return .restartedUnseen(from: pid, to: now) }
            return .none
        case .notRunning:
            stopSeen = true
            guard let line, line != mended, !caughtUp, time - lineSince >= stillFor else { return .none }
            mended = line
            return .mend(line: line)
        }
    }
}
