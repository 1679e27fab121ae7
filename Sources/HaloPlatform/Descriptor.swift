/// Calls on open file descriptors.
public enum Descriptor {
    /// Writes all of `bytes` to `fd`, retrying short writes and `EINTR`; a failure is `operation` on `path`.
    ///
    /// On a regular file opened with `O_APPEND` the kernel writes the whole buffer in one step, so a batch
    /// from one process never lands inside a line of another process appending to the same file.
    public static func writeAll(
        _ fd: Int32, _ bytes: [UInt8], failing operation: SystemCallError.Operation = .write, on path: String
    ) throws(SystemCallError) {
        var offset = 0
        let failure: Int32? = bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
        if let failure { throw SystemCallError(operation, path, errno: failure) }
    }

    /// Everything `fd` gives until its end (retrying `EINTR`); a failure is a read of `path`.
    public static func readAll(_ fd: Int32, from path: String) throws(SystemCallError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return bytes }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemCallError(.read, path)
            }
            bytes += chunk[..<n]
        }
    }

    /// Writes all of `text` to standard error (file descriptor 2), as ``writeAll(_:_:failing:on:)`` does;
    /// a failure is ignored, since there is nowhere left to report it.
    public static func writeToStandardError(_ text: String) {
        try? writeAll(2, Array(text.utf8), on: "standard error")
    }
}
