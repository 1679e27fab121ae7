#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform

/// A line appended to the agent's log only to see whether the agent reads it (not CEF: the plugin's rules
/// ignore it), and appending to that log.
enum AgentProbe {
    static let prefix = Array("halo-events agent probe ".utf8)

    /// A new probe line, unique to this process and moment.
    static func line() -> [UInt8] { prefix + Array("\(getpid()) \(Date().timeIntervalSince1970)\n".utf8) }
}

/// Appends whole byte runs to a log, as the connector does (O_APPEND, a write loop).
enum LogAppender {
    static func append(_ bytes: [UInt8], to log: String) throws {
        guard !bytes.isEmpty else { return }
        let fd = open(log, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw HandoffError(description: "cannot append to \(log): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw HandoffError(description: "cannot append to \(log): \(String(cString: strerror(errno)))") }
            done += n
        }
    }
}
