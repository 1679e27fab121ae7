#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform

/// A child process started with `posix_spawn` and reaped with `wait4`, so that the kernel's own account of
/// it (peak resident set, CPU time) comes back with its exit status. Standard input is `/dev/null`;
/// standard output and error go to files. Every wait is bounded in time.
public final class ChildProcess {
    /// What the kernel reported when the child ended.
    public struct Outcome: Sendable {
        /// The exit status, or 128 + the signal number when a signal ended it.
        public var status: Int32
        /// Wall-clock seconds from spawn to exit.
        public var seconds: Double
        /// CPU seconds (user + system).
        public var cpuSeconds: Double
        /// Peak resident set size in bytes (`ru_maxrss`, the kernel's VmHWM of the child).
        public var peakRSS: Int
    }

    /// Why a child could not be started or waited for, as a sentence.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        /// A failure that says `description`.
        public init(description: String) { self.description = description }
    }

    /// The command line, for messages.
    public let command: String
    /// The child's process id.
    public let pid: pid_t
    /// When it was spawned.
    public let started: ContinuousClock.Instant
    private var outcome: Outcome?

    /// Starts `executable` with `arguments` and this process's environment, its standard output and error
    /// written to the files `stdout` and `stderr` (created or truncated, mode 0600).
    public init(_ executable: String, _ arguments: [String], stdout: String, stderr: String) throws {
        command = ([executable] + arguments).joined(separator: " ")
        guard access(executable, X_OK) == 0 else {
            throw Failure(description: "\(executable) is not an executable file; build it first (swift build -c release)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") }
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        started = .now
        let result = posix_spawn(&child, executable, &actions, nil, argv + [nil], envp + [nil])
        guard result == 0 else {
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    /// Waits for the child to end (killing it after `timeout` seconds) and returns the kernel's account.
    @discardableResult
    public func wait(timeout: Double) throws -> Outcome {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        while true {
            if let outcome = try reap(blocking: false) { return outcome }
            if ContinuousClock.now > deadline {
                kill(pid, SIGKILL)
                _ = try reap(blocking: true)
                throw Failure(description: "\(command) did not finish within \(Int(timeout)) s; killed it")
            }
            usleep(1_000)
        }
    }

    /// The first line the child has written into `path` (one of its output files), waiting up to `timeout`
    /// seconds for it; `nil` when the child ended, or the time ran out, without writing a whole line.
    public func firstLine(ofFile path: String, timeout: Double) throws -> String? {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        while true {
            // Read before asking whether it ended: a line written just before the end still counts.
            let ended = try reap(blocking: false) != nil
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if let newline = text.firstIndex(of: "\n") { return String(text[..<newline]) }
            if ended || ContinuousClock.now > deadline { return nil }
            usleep(5_000)
        }
    }

    /// CPU seconds (user + system) the running child has used so far, from `/proc/<pid>/stat`.
    public func cpuSecondsSoFar() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")")
        else { return 0 }
        // After "pid (comm)": state is field 3, utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Asks the child to stop (SIGTERM) and waits for it (SIGKILL after `timeout` seconds).
    @discardableResult
    public func stop(timeout: Double = 30) throws -> Outcome {
        if let outcome { return outcome }
        kill(pid, SIGTERM)
        return try wait(timeout: timeout)
    }

    /// The outcome once the child has ended (waiting for the end when `blocking`), reaping it the first time.
    private func reap(blocking: Bool) throws -> Outcome? {
        if let outcome { return outcome }
        var status: Int32 = 0
        var usage = rusage()
        var reaped: pid_t
        repeat { reaped = wait4(pid, &status, blocking ? 0 : WNOHANG, &usage) } while reaped < 0 && errno == EINTR
        if reaped < 0 { throw Failure(description: "wait4 on \(command) failed: \(String(cString: strerror(errno)))") }
        guard reaped == pid else { return nil }
        let (wholeSeconds, attoseconds) = (ContinuousClock.now - started).components
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
        let signal = status & 0x7F
        let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        let ended = Outcome(status: code, seconds: Double(wholeSeconds) + Double(attoseconds) / 1e18, cpuSeconds: cpu,
                            peakRSS: Int(usage.ru_maxrss) * 1024)
        outcome = ended
        return ended
    }

    deinit {
        if outcome == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
    }
}
