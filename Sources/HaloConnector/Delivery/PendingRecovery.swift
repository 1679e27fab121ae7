#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform

/// Settles the batch a crashed run left pending in a checkpoint, by looking at the output file.
///
/// - The file (found by device and inode, also under another name in the same directory after logrotate
///   renamed it) still has its length from before the batch: the batch never got there; it is read again.
/// - The file holds the batch whole (length and digest match): it is delivered; the checkpoint commits it.
/// - The file ends inside the batch (torn write): the partial batch is cut off (truncate + `fsync`) and read again.
/// - Anything else (file gone, compressed, truncated by `copytruncate`, written by someone else): the batch
///   is read again, and a warning says it may repeat once.
public enum PendingRecovery {
    /// What became of a pending batch.
    public enum Resolution: Sendable, Hashable {
        /// The file still has its length from before the batch: it is read again.
        case notWritten
        /// The batch is whole in the file: committed.
        case written
        /// The file ended inside the batch at `path`: its `length` bytes were cut off; it is read again.
        case tornAndCut(path: String, length: Int64)
        /// The batch's file is gone from its directory (rotated and compressed?): it is read again and may repeat.
        case fileGone
        /// The file at `path` is `size` bytes, neither `before` (not written) nor `after` (written): something
        /// else changed it (copytruncate?); the batch is read again and may repeat.
        case fileChanged(path: String, size: Int64, before: Int64, after: Int64)
    }

    static func settle(_ pending: BatchLanding) throws(ConnectorError) -> Resolution {
        guard let (path, file) = locate(pending) else { return .fileGone }
        let start = pending.file.size, end = pending.file.size + pending.length
        if file.size == start { return .notWritten }
        if file.size >= end, let digest = try? digestOf(path, offset: start, length: pending.length), digest == pending.digest {
            return .written
        }
        if file.size > start && file.size < end {
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw ConnectorError(.pendingBatchNotCut(SystemCallError(.openForAppending, path)), path: path) }
            defer { close(fd) }
            guard ftruncate(fd, off_t(start)) == 0 else {
                throw ConnectorError(.pendingBatchNotCut(SystemCallError(.truncate, path)), path: path)
            }
            guard fsync(fd) == 0 else { throw ConnectorError(.pendingBatchNotCut(SystemCallError(.flush, path)), path: path) }
            return .tornAndCut(path: path, length: file.size - start)
        }
        return .fileChanged(path: path, size: file.size, before: start, after: end)
    }

    /// The path and identity of the pending batch's output file: the path itself if it is still that file,
    /// else a file of the same directory with the same device and inode (a rotated copy).
    private static func locate(_ pending: BatchLanding) -> (String, FileIdentity)? {
        if let file = FileIdentity.of(path: pending.output), file.isSameFile(as: pending.file) {
            return (pending.output, file)
        }
        let directory = Path.directory(of: pending.output)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        for name in names.sorted() {
            let path = Path.appending(name, to: directory)
            if let file = FileIdentity.of(path: path), file.isSameFile(as: pending.file) { return (path, file) }
        }
        return nil
    }

    private static func digestOf(_ path: String, offset: Int64, length: Int64) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError(.read, path) }
        defer { close(fd) }
        var hash = Digest.fnv1a64(UnsafeRawBufferPointer(start: nil, count: 0))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var position = offset, left = length
        while left > 0 {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, min($0.count, Int(left)), off_t(position)) }
            guard n > 0 else { throw SystemCallError(.read, path) }
            hash = buffer[..<n].withUnsafeBytes { Digest.fnv1a64($0, continuing: hash) }
            position += Int64(n)
            left -= Int64(n)
        }
        return Digest.hex(hash)
    }
}
