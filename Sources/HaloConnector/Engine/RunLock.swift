import HaloPlatform

/// One run at a time per config directory: an exclusive `flock` on `halo-events.lock` there, held for the
/// whole run. The kernel drops the lock when the process ends, however it ends, so a crashed run never
/// leaves a stale lock; the file itself stays (it only carries the holder's pid, for people).
public final class RunLock: Sendable {
    /// The lock file.
    public let path: String
    private let fd: Int32

    /// The lock file's name in the config directory.
    public static let fileName = "halo-events.lock"

    /// Takes the lock of `directory`, or throws at once (``ConnectorError/Code/lockHeld(holder:)``) when
    /// another run has it.
    public static func acquire(in directory: String) throws(ConnectorError) -> RunLock {
        let path = Path.appending(fileName, to: directory)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ConnectorError(.lockUnavailable(errno: errno), path: path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = RunLock.readHolder(fd)
            close(fd)
            if code == EWOULDBLOCK { throw ConnectorError(.lockHeld(holder: holder), path: path) }
            throw ConnectorError(.lockUnavailable(errno: code), path: path)
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
        let text = String(decoding: buffer[..<n], as: UTF8.self).trimmingWhitespaceAndNewlines()
        return Int32(text) != nil ? text : nil
    }
}
