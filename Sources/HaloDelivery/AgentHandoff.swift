#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloConnector
import HaloPlatform
import HaloSIDMap

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
        guard let fd = try takeLock(by: deadline) else { return .lockBusy }
        defer { close(fd) }
        guard let position = waitForCatchUp(by: deadline) else { return .noLog }
        let outcome: Outcome
        if position.caughtUp {
            outcome = .caughtUp(position)
        } else if position.size > maximumSize {
            outcome = .rotatedUnread(position)
        } else {
            return .putOff(position)
        }
        try spawnHolder(lock: fd, keeping: position)
        return outcome
    }

    /// What became of a restart of the agent.
    public enum RestartOutcome: Sendable, Hashable {
        /// Restarted; `caughtUp`: it had read the whole log first; `reading`: it read a probe line after.
        case restarted(caughtUp: Bool, reading: Bool)
        /// The command failed with this exit status.
        case commandFailed(Int32)
        /// The connector's lock stayed taken the whole time: not restarted.
        case lockBusy
    }

    /// Restarts the agent with `command` (run by `/bin/sh -c`) under the connector's lock, once it has read
    /// the whole log (waiting up to ``wait``), and keeps the lock until it reads again (a probe line it
    /// reads, up to ``wait`` more): it starts at the end of the file, so nothing is left behind it.
    public func restartAgent(running command: String) throws -> RestartOutcome {
        let deadline = Date().addingTimeInterval(wait)
        guard let fd = try takeLock(by: deadline) else { return .lockBusy }
        defer { close(fd) }
        let caughtUp = waitForCatchUp(by: deadline)?.caughtUp ?? true
        let status = try run(["/bin/sh", "-c", command], keeping: nil)
        guard status == 0 else { return .commandFailed(status) }
        let probeDeadline = Date().addingTimeInterval(wait)
        let bookmarkPath = AgentBookmark.path(directory: bookmarkDirectory, log: log)
        while Date() < probeDeadline {
            let probe = AgentProbe.line()
            try LogAppender.append(probe, to: log)
            let next = Date().addingTimeInterval(2)
            while Date() < next {
                if AgentBookmark.read(path: bookmarkPath)?.line == probe { return .restarted(caughtUp: caughtUp, reading: true) }
                usleep(10_000)
            }
        }
        return .restarted(caughtUp: caughtUp, reading: false)
    }

    /// The connector's lock (close-on-exec), taken before `deadline`, or `nil`.
    private func takeLock(by deadline: Date) throws -> Int32? {
        let lockPath = Path.appending(RunLock.fileName, to: lockDirectory)
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw HandoffError(description: "cannot open the connector's lock \(lockPath): \(String(cString: strerror(errno)))") }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard Date() < deadline else { close(fd); return nil }
            usleep(100_000)
        }
        return fd
    }

    /// The agent's position once it has read the whole log, or at `deadline`; `nil` when there is no log.
    private func waitForCatchUp(by deadline: Date) -> AgentPosition? {
        var position = AgentPosition.of(log: log, bookmarkDirectory: bookmarkDirectory)
        while let current = position, !current.caughtUp, Date() < deadline {
            usleep(200_000)
            position = AgentPosition.of(log: log, bookmarkDirectory: bookmarkDirectory, after: current)
        }
        return position
    }

    /// Starts `/bin/sh`, which holds the lock (a copy of `fd`) until `log` names another file than `file`
    /// (or ``holdLimit`` passes), and outlives this process.
    private func spawnHolder(lock fd: Int32, keeping file: AgentPosition) throws {
        let script = """
            i=0
            while [ $i -lt "$3" ]; do
                now=$(stat -c '%d:%i' -- "$1" 2>/dev/null) && [ "$now" != "$2" ] && exit 0
                sleep 0.1; i=$((i + 1))
            done
            """
        _ = try spawn(["/bin/sh", "-c", script, "halo-handoff-hold", log, "\(file.device):\(file.inode)", "\(Int(holdLimit * 10))"], keeping: fd)
    }

    /// Runs `arguments` to its end; its exit status.
    private func run(_ arguments: [String], keeping fd: Int32?) throws -> Int32 {
        let pid = try spawn(arguments, keeping: fd)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Starts `arguments` with stdin and stdout on /dev/null, stderr this process's, `fd` (if any) as its
    /// descriptor 9 (without close-on-exec), no other descriptor of this process (a daemon the restart
    /// command starts would keep them open for days: a parent waiting for this process's pipes or sockets
    /// to close would wait as long), and no signal blocked (logrotate's or a test's mask is not the agent's).
    private func spawn(_ arguments: [String], keeping fd: Int32?) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        if let fd { posix_spawn_file_actions_adddup2(&actions, fd, 9) }
        let descriptors = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
        for extra in descriptors where extra > 2 && (extra != 9 || fd == nil) && fcntl(extra, F_GETFD) >= 0 {
            posix_spawn_file_actions_addclose(&actions, extra)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard status == 0 else { throw HandoffError(description: "cannot start \(arguments[0]): \(String(cString: strerror(status)))") }
        return pid
    }
}

/// The hand-off could not be made at all (not a put-off: the lock file or the holder failed).
public struct HandoffError: Error, CustomStringConvertible {
    public var description: String
}
