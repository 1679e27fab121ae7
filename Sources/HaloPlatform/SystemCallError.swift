/// A system call that failed: which operation, on what, and the `errno` it left.
///
/// ``description`` reads as a sentence, e.g. `cannot append to /var/log/halo/events.cef: No space left on
/// device (errno 28)`; code that must tell failures apart matches ``operation`` and ``errno``.
public struct SystemCallError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was attempted.
    public enum Operation: Hashable, Sendable {
        /// `open` with `O_CREAT`: a new file.
        case create
        /// `open` of an existing file for appending.
        case openForAppending
        /// `open` of a directory (to `fsync` it).
        case openDirectory
        /// `read` or `pread`.
        case read
        /// `write`.
        case write
        /// `write` to a file opened with `O_APPEND`.
        case append
        /// `fchmod` to `mode`.
        case setMode(mode_t)
        /// `fsync` of a file.
        case flush
        /// `fsync` of a directory.
        case flushDirectory
        /// `ftruncate`.
        case truncate
        /// `stat` or `fstat`.
        case stat
        /// `close`.
        case close
        /// `rename` to `target`.
        case rename(to: String)
        /// `fstat` found something other than a regular file where one is needed.
        case requireRegularFile
    }

    public var operation: Operation
    /// The path (or the name of the descriptor, e.g. `standard output`) the operation was done on.
    public var path: String
    /// The `errno` value the call left.
    public var errno: Int32

    /// The failure of `operation` on `path`, with `errno` as the call left it unless told otherwise.
    public init(_ operation: Operation, _ path: String, errno: Int32 = HaloPlatform.errno) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// What was attempted, e.g. `cannot append to /var/log/halo/events.cef`.
    public var action: String {
        switch operation {
        case .create: "cannot create \(path)"
        case .openForAppending: "cannot open \(path) for appending"
        case .openDirectory: "cannot open directory \(path)"
        case .read: "cannot read \(path)"
        case .write: "cannot write to \(path)"
        case .append: "cannot append to \(path)"
        case .setMode(let mode): "cannot set mode 0\(String(mode, radix: 8)) on \(path)"
        case .flush: "cannot flush \(path) to disk (fsync)"
        case .flushDirectory: "cannot flush directory \(path) to disk (fsync)"
        case .truncate: "cannot truncate \(path)"
        case .stat: "cannot stat \(path)"
        case .close: "cannot close \(path)"
        case .rename(let target): "cannot rename \(path) to \(target)"
        case .requireRegularFile: "\(path) is not a regular file"
        }
    }

    /// `action`, then `strerror(errno)` and the number: `cannot append to PATH: No space left on device (errno 28)`.
    public var description: String { "\(action): \(String(cString: strerror(errno))) (errno \(errno))" }
}
