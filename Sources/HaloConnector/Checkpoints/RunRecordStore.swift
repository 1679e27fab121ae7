#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloModel
import HaloPlatform

/// The run records of an auth file's accounts (see ``RunRecord``), in the config directory beside the
/// checkpoints: `<stem>.<key id>.runs`, mode 0600, each save atomic and durable like a checkpoint's.
extension CheckpointStore {
    /// The run record file of `keyID`.
    public func runRecordPath(for keyID: String) -> String {
        Path.appending("\(stem).\(keyID).runs", to: directory)
    }

    /// The run record of `keyID`, or `nil` when no run was recorded for it.
    public func loadRunRecord(keyID: String) throws(RunRecordError) -> RunRecord? {
        let path = runRecordPath(for: keyID)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size <= RunRecordError.maximumSize else {
            throw RunRecordError(path: path, detail: "not a regular file of at most \(RunRecordError.maximumSize >> 20) MiB")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunRecordError(path: path, detail: String(cString: strerror(errno)))
        }
        let record: RunRecord
        do { record = try JSONDecoder().decode(RunRecord.self, from: data) } catch {
            throw RunRecordError(path: path, detail: CheckpointStore.explain(error))
        }
        guard record.keyID == keyID else { throw RunRecordError(path: path, detail: "it belongs to key \(record.keyID)") }
        return record
    }

    /// Adds `run` to the record of `keyID` (a damaged record starts again) and saves it atomically; the new record.
    @discardableResult
    public func recordRun(_ run: RunRecord.Run, keyID: String) throws(SystemCallError) -> RunRecord {
        let previous = (try? loadRunRecord(keyID: keyID)) ?? nil
        let record = (previous ?? RunRecord(keyID: keyID)).adding(run)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding a run record cannot fail: every value is a string, a number or a container of them.
        let data = try! encoder.encode(record)
        try AtomicFile.write([UInt8](data) + [0x0A], to: runRecordPath(for: keyID), mode: 0o600)
        return record
    }
}

/// A run record that cannot be read (the description says which and why).
public struct RunRecordError: Error, CustomStringConvertible, Sendable {
    /// The largest run record read (a few hundred KiB at most).
    static let maximumSize = 4 << 20

    public var path: String
    public var detail: String

    public var description: String { "run record \(path) cannot be read (\(detail)); move it away, the next run writes a new one" }
}
