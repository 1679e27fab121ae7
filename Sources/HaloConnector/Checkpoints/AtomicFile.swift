import Foundation
import HaloOutput

/// Replaces a small file atomically and durably: temporary file (with its final mode) → write → `fsync` →
/// `rename` over the target → `fsync` of the directory.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(SystemCallError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw SystemCallError("cannot create \(temporary)") }
        var ok = fchmod(fd, mode) == 0
        var failure = ok ? nil : SystemCallError("cannot set mode of \(temporary)")
        if ok {
            var offset = 0
            bytes.withUnsafeBytes { buffer in
                while offset < buffer.count {
                    let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = SystemCallError("cannot write \(temporary)")
                        return
                    }
                    offset += n
                }
            }
            ok = failure == nil
        }
        if ok, fsync(fd) != 0 { failure = SystemCallError("cannot flush \(temporary) (fsync)"); ok = false }
        close(fd)
        guard ok else {
            unlink(temporary)
            throw failure!
        }
        guard rename(temporary, path) == 0 else {
            let error = SystemCallError("cannot rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
        try syncDirectory(of: path)
    }

    /// `fsync`s the directory holding `path`, so that a rename or a new file in it survives a crash.
    static func syncDirectory(of path: String) throws(SystemCallError) {
        let directory = (path as NSString).deletingLastPathComponent
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError("cannot open directory \(directory)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw SystemCallError("cannot flush directory \(directory) (fsync)") }
    }
}
