#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An operating-system call that failed: what was attempted, on what, and `strerror` of `errno`.
public struct SystemCallError: Error, CustomStringConvertible, Sendable {
    /// What was being done, e.g. "cannot append to /var/log/halo/events.json".
    public var action: String
    /// The `errno` value.
    public var code: Int32

    public init(_ action: String, code: Int32 = errno) {
        self.action = action
        self.code = code
    }

    public var description: String { "\(action): \(String(cString: strerror(code))) (errno \(code))" }
}

enum Descriptor {
    /// Writes all of `bytes` to `fd` (retrying short writes and `EINTR`).
    ///
    /// On a regular file opened with `O_APPEND` the kernel writes the whole buffer in one step, so a batch
    /// from one process never lands inside a line of another process appending to the same file.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], action: @autoclosure () -> String) throws {
        var offset = 0
        try bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw SystemCallError(action())
                }
                offset += n
            }
        }
    }
}
