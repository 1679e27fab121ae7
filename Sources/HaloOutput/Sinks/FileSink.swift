import HaloPlatform

/// Appends lines to a file: opened with `O_APPEND` (created with mode 0640), each batch appended with one
/// `write` and then `fsync`ed before ``append(_:)`` returns.
///
/// The file is opened by name for every run, and ``reopenIfMoved()`` (called before each batch) reopens it
/// when the name no longer points at the open file, so logrotate may move it at any time. Concurrent
/// appenders (another process writing the same file) never split a line of a batch: each batch is one
/// `write` on an `O_APPEND` descriptor. But ``truncate(to:)`` and the connector's recovery judge a batch by
/// the file's length, which holds only for one writer: one connector per output file (see `docs/formats.md`,
/// "Files").
///
/// Every failure is a ``SystemCallError`` on ``path``.
public actor FileSink {
    /// The path as given.
    public nonisolated let path: String
    private var fd: Int32

    /// Opens (creating with mode 0640 if needed) `path` for appending.
    public init(path: String) throws(SystemCallError) {
        self.path = path
        self.fd = try FileSink.open(path)
    }

    /// Reopens the file if `path` now names another file (or none: it is created), and returns the identity
    /// and length of the file the next ``append(_:)`` goes to.
    public func reopenIfMoved() throws(SystemCallError) -> FileIdentity {
        let open = try identity()
        if let named = FileIdentity.of(path: path), named.isSameFile(as: open) { return open }
        let newFD = try FileSink.open(path)
        closeDescriptor(fd)
        fd = newFD
        return try identity()
    }

    /// Appends `bytes` (a batch: ``LineBytes/encode(_:)``) with one `write` and `fsync`s the file.
    public func append(_ bytes: [UInt8]) throws(SystemCallError) {
        try Descriptor.writeAll(fd, bytes, failing: .append, on: path)
        guard fsync(fd) == 0 else { throw SystemCallError(.flush, path) }
    }

    /// Cuts the open file back to `length` bytes and `fsync`s it: removes a batch that was only partly
    /// written when ``append(_:)`` failed.
    public func truncate(to length: Int64) throws(SystemCallError) {
        guard ftruncate(fd, off_t(length)) == 0 else { throw SystemCallError(.truncate, path) }
        guard fsync(fd) == 0 else { throw SystemCallError(.flush, path) }
    }

    /// Identity and current length of the open file.
    public func identity() throws(SystemCallError) -> FileIdentity {
        guard let identity = FileIdentity.of(descriptor: fd) else { throw SystemCallError(.stat, path) }
        return identity
    }

    /// Closes the file; later calls fail.
    public func close() throws(SystemCallError) {
        guard fd >= 0 else { return }
        let result = closeDescriptor(fd)
        fd = -1
        guard result == 0 else { throw SystemCallError(.close, path) }
    }

    private static func open(_ path: String) throws(SystemCallError) -> Int32 {
        let flags = O_WRONLY | O_APPEND | O_CLOEXEC
        // Create with O_EXCL first so that only a file this call created gets its mode set to 0640
        // (the umask would otherwise decide); an existing file keeps the mode its owner gave it.
        var fd = openDescriptor(path, flags | O_CREAT | O_EXCL, 0o640)
        if fd >= 0 {
            guard fchmod(fd, 0o640) == 0 else {
                let error = SystemCallError(.setMode(0o640), path)
                closeDescriptor(fd)
                throw error
            }
            return fd
        }
        guard errno == EEXIST else { throw SystemCallError(.create, path) }
        fd = openDescriptor(path, flags, 0)
        guard fd >= 0 else { throw SystemCallError(.openForAppending, path) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            closeDescriptor(fd)
            throw SystemCallError(.requireRegularFile, path, errno: EINVAL)
        }
        return fd
    }
}

// File-scope wrappers: inside `FileSink`, `open` and `close` name its own methods.
private func openDescriptor(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
@discardableResult private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
