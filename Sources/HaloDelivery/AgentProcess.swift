#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform

/// Whether ossim-agent is running, told by its pid file (`[daemon] pid` in `/etc/ossim/agent/config.cfg`):
/// the agent writes its pid there when it starts, before it opens any log, and removes the file when it
/// stops cleanly; a `kill -9` or a crash leaves it naming a process that is gone.
public enum AgentProcess: Sendable, Hashable {
    /// A live process has the pid the file names.
    case running(pid: Int32)
    /// No pid file, one that names no pid, or one whose process is gone.
    case notRunning

    /// Where the agent of OSSIM/USM 5.x keeps its pid (its `config.cfg`, and monit's check of it).
    public static let defaultPidFile = "/var/run/ossim-agent.pid"

    /// When the pid file at `path` was removed (its directory's modification time, seconds since 1970), as a
    /// clean stop does; `nil` while it is there (a running agent, or one killed).
    public static func pidFileRemoved(_ path: String) -> Double? {
        guard access(path, F_OK) != 0, errno == ENOENT else { return nil }
        return FileTime.modified(Path.directory(of: path))
    }

    /// The agent's state by the pid file at `path`.
    public static func of(pidFile path: String) -> AgentProcess {
        guard let data = FileManager.default.contents(atPath: path),
              let pid = Int32(String(decoding: data, as: UTF8.self).trimmingWhitespaceAndNewlines()), pid > 0
        else { return .notRunning }
        // EPERM: it exists under another user.
        return kill(pid, 0) == 0 || errno == EPERM ? .running(pid: pid) : .notRunning
    }
}
