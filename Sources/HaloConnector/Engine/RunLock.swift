import Foundation

/// One run at a time per config directory: an exclusive `flock` on `halo-events.lock` there, held for the
/// whole run. The kernel drops the lock when the process ends, however it ends, so a crashed run never
/// leaves a stale lock; the file itself stays (it only carries the holder's pid, for people).
public final class RunLock: Sendable {
    /// The lock file.
    public let path: String
    private let fd: Int32

    /// The lock file's name in the config directory.
    public static let fileName = "halo-events.lock"

    /// Another run holds the lock.
    public struct Held: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let holder: String?
        public var description: String {
            "another halo-events run\(holder.map { " (pid \($0))" } ?? "") holds \(path); this run did nothing and exits. "
                + "If runs keep overlapping, run less often (cron) or lower --limit"
        }
    }

    /// Takes the lock of `directory`, or throws ``Held`` at once when another run has it.
    public static func acquire(in directory: String) throws -> RunLock {
        let path = (directory as NSString).appendingPathComponent(fileName)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ConfigurationError(
                "cannot open lock file \(path): \(String(cString: strerror(errno))). Check that --configdir names a writable directory")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = RunLock.readHolder(fd)
            close(fd)
            if code == EWOULDBLOCK { throw Held(path: path, holder: holder) }
            throw ConfigurationError("cannot lock \(path): \(String(cString: strerror(code)))")
        }
        let pid = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) == 0 { _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
        return RunLock(path: path, fd: fd)
    }

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { close(fd) }

    private static func readHolder(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text) != nil ? text : nil
    }
}
