#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Which file a path named at some moment, and how long it was: enough to recognise the file after
/// logrotate renamed it, and to tell whether a batch reached it.
public struct FileIdentity: Sendable, Hashable, Codable {
    public var device: UInt64
    public var inode: UInt64
    /// Length in bytes.
    public var size: Int64

    public init(device: UInt64, inode: UInt64, size: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
    }

    /// Whether `other` is the same file (device and inode), whatever its length.
    public func isSameFile(as other: FileIdentity) -> Bool { device == other.device && inode == other.inode }

    /// The identity of the file at `path`, or `nil` when there is none.
    public static func of(path: String) -> FileIdentity? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileIdentity(st)
    }

    init(_ st: stat) {
        self.init(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size))
    }
}

/// Appends lines to a file: opened with `O_APPEND` (created with mode 0640), each batch written with one
/// `write` and then `fsync`ed before ``write(batch:)`` returns.
///
/// The file is opened by name for every run, and reopened before a batch when the name no longer points at
/// the open file, so logrotate may move it at any time. Concurrent appenders (another process writing the
/// same file) never split a line of a batch: each batch is one `write` on an `O_APPEND` descriptor. But
/// ``truncate(to:)`` and the connector's recovery judge a batch by the file's length, which holds only for
/// one writer: one connector per output file (see `docs/formats.md`, "Files").
public actor FileSink: EventSink {
    /// The path as given.
    public nonisolated let path: String
    private var fd: Int32

    /// Opens (creating with mode 0640 if needed) `path` for appending.
    public init(path: String) throws {
        self.path = path
        self.fd = try FileSink.open(path)
    }

    public func write(batch: [String]) async throws {
        _ = try reopenIfMoved()
        try append(LineBytes.encode(batch))
    }

    /// Reopens the file if `path` now names another file (or none: it is created), and returns the identity
    /// and length of the file the next ``append(_:)`` goes to.
    public func reopenIfMoved() throws -> FileIdentity {
        let open = try identity()
        if let named = FileIdentity.of(path: path), named.isSameFile(as: open) { return open }
        let newFD = try FileSink.open(path)
        closeDescriptor(fd)
        fd = newFD
        return try identity()
    }

    /// Appends `bytes` with one `write` and `fsync`s the file.
    public func append(_ bytes: [UInt8]) throws {
        try Descriptor.writeAll(fd, bytes, action: "cannot append to \(path)")
        guard fsync(fd) == 0 else { throw SystemCallError("cannot flush \(path) to disk (fsync)") }
    }

    /// Cuts the open file back to `length` bytes and `fsync`s it: removes a batch that was only partly
    /// written when ``append(_:)`` failed.
    public func truncate(to length: Int64) throws {
        guard ftruncate(fd, off_t(length)) == 0 else { throw SystemCallError("cannot truncate \(path)") }
        guard fsync(fd) == 0 else { throw SystemCallError("cannot flush \(path) to disk (fsync)") }
    }

    /// Identity and current length of the open file.
    public func identity() throws -> FileIdentity {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SystemCallError("cannot stat \(path)") }
        return FileIdentity(st)
    }

    public func close() async throws {
        guard fd >= 0 else { return }
        let result = closeDescriptor(fd)
        fd = -1
        guard result == 0 else { throw SystemCallError("cannot close \(path)") }
    }

    private static func open(_ path: String) throws -> Int32 {
        let flags = O_WRONLY | O_APPEND | O_CLOEXEC
        // Create with O_EXCL first so that only a file this call created gets its mode set to 0640
        // (the umask would otherwise decide); an existing file keeps the mode its owner gave it.
        var fd = openDescriptor(path, flags | O_CREAT | O_EXCL, 0o640)
        if fd >= 0 {
            guard fchmod(fd, 0o640) == 0 else {
                let error = SystemCallError("cannot set mode 0640 on \(path)")
                closeDescriptor(fd)
                throw error
            }
            return fd
        }
        guard errno == EEXIST else { throw SystemCallError("cannot create \(path)") }
        fd = openDescriptor(path, flags, 0)
        guard fd >= 0 else { throw SystemCallError("cannot open \(path) for appending") }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            closeDescriptor(fd)
            throw SystemCallError("\(path) is not a regular file (file outputs must be files)", code: EINVAL)
        }
        return fd
    }
}

// File-scope wrappers: inside `FileSink`, `open` and `close` name its own methods.
private func openDescriptor(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
@discardableResult private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
