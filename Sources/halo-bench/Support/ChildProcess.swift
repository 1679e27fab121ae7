import Foundation
import HaloPlatform

/// A child process started with `posix_spawn` and reaped with `wait4`, so that the kernel's own account of
/// it (peak resident set, CPU time) comes back with its exit status. Standard output and error go to files.
final class ChildProcess {
    /// What the kernel reported when the child ended.
    struct Outcome {
        /// The exit status, or 128 + the signal number when a signal ended it.
        var status: Int32
        /// Wall-clock seconds from spawn to exit.
        var seconds: Double
        /// CPU seconds (user + system).
        var cpuSeconds: Double
        /// Peak resident set size in bytes (`ru_maxrss`, the kernel's VmHWM of the child).
        var peakRSS: Int
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let command: String
    let pid: pid_t
    let started: ContinuousClock.Instant
    private var outcome: Outcome?

    /// Starts `executable` with `arguments`, its standard output and error written to `stdout` and `stderr`.
    init(_ executable: String, _ arguments: [String], stdout: String, stderr: String) throws {
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
    func wait(timeout: Double) throws -> Outcome {
        if let outcome { return outcome }
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        var status: Int32 = 0
        var usage = rusage()
        while true {
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR {
                throw Failure(description: "wait4 on \(command) failed: \(String(cString: strerror(errno)))")
            }
            if ContinuousClock.now > deadline {
                kill(pid, SIGKILL)
                _ = wait4(pid, &status, 0, &usage)
                throw Failure(description: "\(command) did not finish within \(Int(timeout)) s; killed it")
            }
            usleep(1_000)
        }
        let seconds = (ContinuousClock.now - started).seconds
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
        let signal = status & 0x7F
        let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        let result = Outcome(status: code, seconds: seconds, cpuSeconds: cpu, peakRSS: Int(usage.ru_maxrss) * 1024)
        outcome = result
        return result
    }

    /// CPU seconds (user + system) the running child has used so far, from `/proc/<pid>/stat`.
    func cpuSecondsSoFar() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")")
        else { return 0 }
        // After "pid (comm)": state is field 3, utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Asks the child to stop (SIGTERM) and waits for it.
    @discardableResult
    func stop(timeout: Double = 30) throws -> Outcome {
        if let outcome { return outcome }
        kill(pid, SIGTERM)
        return try wait(timeout: timeout)
    }

    deinit {
        if outcome == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}

/// Runs `executable` to its end; throws with its standard error when it fails.
@discardableResult
func runChild(_ executable: String, _ arguments: [String], in directory: BenchDirectory, name: String, timeout: Double) throws -> ChildProcess.Outcome {
    let child = try ChildProcess(executable, arguments, stdout: directory.file("\(name).out"), stderr: directory.file("\(name).err"))
    let outcome = try child.wait(timeout: timeout)
    guard outcome.status == 0 else {
        throw ChildProcess.Failure(
            description: "\(child.command) exited with status \(outcome.status): \(directory.read("\(name).err").suffix(2000))")
    }
    return outcome
}
