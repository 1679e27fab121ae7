import HaloPlatform

/// Replaces a small file atomically and durably: temporary file (with its final mode) → write → `fsync` →
/// `rename` over the target → `fsync` of the directory.
public enum AtomicFile {
    /// Replaces `path` with `bytes` (mode `mode`), atomically and durably.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(SystemCallError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw SystemCallError(.create, temporary) }
        var failure: SystemCallError?
        if fchmod(fd, mode) != 0 {
            failure = SystemCallError(.setMode(mode), temporary)
        } else {
            do { try Descriptor.writeAll(fd, bytes, on: temporary) } catch { failure = error }
        }
        if failure == nil, fsync(fd) != 0 { failure = SystemCallError(.flush, temporary) }
        close(fd)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let error = SystemCallError(.rename(to: path), temporary)
            unlink(temporary)
            throw error
        }
        try syncDirectory(of: path)
    }

    /// `fsync`s the directory holding `path`, so that a rename or a new file in it survives a crash.
    static func syncDirectory(of path: String) throws(SystemCallError) {
        let directory = Path.directory(of: path)
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError(.openDirectory, directory) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw SystemCallError(.flushDirectory, directory) }
    }
}
