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
}
