import Foundation
import HaloConnector

/// Hands the connector's log over to ossim-agent before logrotate renames it, so that no line is left
/// unread in the renamed file (the agent switches to the new file at once, see ``AgentPosition``).
///
/// Under the connector's run lock (so no run writes meanwhile) it waits, bounded, until the agent's
/// bookmark line is the log's last line; then the lock is kept by a small holder process until the path
/// names a new file (logrotate's rename and `create`), and the next run writes there. When the agent does
/// not catch up in time the rotation is put off (the log keeps growing, nothing is lost), unless the log
/// has grown past ``maximumSize`` (the agent stopped for days?): then it is rotated anyway, with the lines
/// the agent has not read left in the rotated file, and said so.
public struct AgentHandoff: Sendable {
    /// The log ossim-agent reads.
    public var log: String
    /// The plugin's `bookmark_dir`.
    public var bookmarkDirectory: String
    /// The connector's `--configdir`, where its run lock is.
    public var lockDirectory: String
    /// Seconds to wait, for the lock and the agent together.
    public var wait: Double
    /// Beyond this length the log is rotated even when the agent has not read it all.
    public var maximumSize: Int64
    /// How long the holder keeps the lock at most, waiting for the new file.
    public var holdLimit: Double = 120

    public init(log: String, bookmarkDirectory: String, lockDirectory: String, wait: Double, maximumSize: Int64) {
        self.log = log
        self.bookmarkDirectory = bookmarkDirectory
        self.lockDirectory = lockDirectory
        self.wait = wait
        self.maximumSize = maximumSize
    }

    /// What became of the hand-off.
    public enum Outcome: Sendable, Hashable {
        /// The agent has read the whole log: rotate it.
        case caughtUp(AgentPosition)
        /// There is no log: nothing to hand over.
        case noLog
        /// The agent did not catch up in time: do not rotate now (nothing is lost; the log grows).
        case putOff(AgentPosition?)
        /// The agent did not catch up and the log is past ``maximumSize``: rotate anyway; the unread lines
        /// stay in the rotated file and do not reach OSSIM.
        case rotatedUnread(AgentPosition?)
        /// The connector's lock stayed taken the whole time: do not rotate now.
        case lockBusy
    }

    /// Waits for the lock and the agent; when the outcome says to rotate, the lock is held until the path
    /// names another file (or ``holdLimit``), by a process that outlives this one.
    public func prepareRotation() throws -> Outcome {
        let deadline = Date().addingTimeInterval(wait)
        let lockPath = (lockDirectory as NSString).appendingPathComponent(RunLock.fileName)
        let fd = open(lockPath, O_RDWR | O_CREAT, 0o600)  // no O_CLOEXEC: the holder inherits it
        guard fd >= 0 else { throw HandoffError(description: "cannot open the connector's lock \(lockPath): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard Date() < deadline else { return .lockBusy }
            usleep(100_000)
        }
        var position = AgentPosition.of(log: log, bookmarkDirectory: bookmarkDirectory)
        while let current = position, !current.caughtUp, Date() < deadline {
            usleep(100_000)
            position = AgentPosition.of(log: log, bookmarkDirectory: bookmarkDirectory)
        }
        guard let position else { return .noLog }
        let outcome: Outcome
        if position.caughtUp {
            outcome = .caughtUp(position)
        } else if position.size > maximumSize {
            outcome = .rotatedUnread(position)
        } else {
            return .putOff(position)
        }
        try spawnHolder(keeping: position)
        return outcome
    }

    /// Starts `/bin/sh`, which inherits the lock's descriptor and so holds the lock until `log` names another
    /// file than `file` (or ``holdLimit`` passes).
    private func spawnHolder(keeping file: AgentPosition) throws {
        let script = """
            i=0
            while [ $i -lt "$3" ]; do
                now=$(stat -c '%d:%i' -- "$1" 2>/dev/null) && [ "$now" != "$2" ] && exit 0
                sleep 0.1; i=$((i + 1))
            done
            """
        let arguments = ["/bin/sh", "-c", script, "halo-handoff-hold", log, "\(file.device):\(file.inode)", "\(Int(holdLimit * 10))"]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for target in [0, 1, 2] as [Int32] { posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0) }
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
        guard status == 0 else { throw HandoffError(description: "cannot start the lock holder: \(String(cString: strerror(status)))") }
    }
}

/// The hand-off could not be made at all (not a put-off: the lock file or the holder failed).
public struct HandoffError: Error, CustomStringConvertible {
    public var description: String
}
