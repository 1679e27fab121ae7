import HaloConnector
import HaloOutput

/// Lines appended to a file, exactly once: each batch's landing (the file, its length before, the batch's
/// length and digest) goes into the checkpoint before it is written, so the next run can tell after a crash
/// whether it got there.
///
/// The file is reopened before a batch when its name no longer points at the open file (logrotate moved
/// it). A write that fails part way is cut back off; when even that fails, ``BatchNotTakenBack`` leaves the
/// batch pending for the next run to settle.
public final class FileBatchOutput: BatchOutput {
    private let sink: FileSink

    /// Opens (creating with mode 0640 if needed) `path` for appending.
    public init(path: String) throws {
        sink = try FileSink(path: path)
    }

    public var guarantee: DeliveryGuarantee { .exactlyOnce }

    public func prepare(_ lines: [String]) async throws -> PreparedBatch {
        let before = try await sink.reopenIfMoved()
        let bytes = LineBytes.encode(lines)
        let landing = BatchLanding(output: sink.path, file: before, length: Int64(bytes.count), digest: Digest.fnv1a64Hex(bytes))
        return PreparedBatch(lines: lines, bytes: bytes, landing: landing)
    }

    public func write(_ batch: PreparedBatch) async throws {
        guard let bytes = batch.bytes, let before = batch.landing?.file else { preconditionFailure("a batch not prepared by this output") }
        do {
            try await sink.append(bytes)
        } catch {
            // Take back what part of the batch reached the file; if that fails, the batch stays pending.
            if let now = try? await sink.identity(), now.size > before.size, (try? await sink.truncate(to: before.size)) == nil {
                throw BatchNotTakenBack(cause: error)
            }
            throw error
        }
    }

    public func close() async throws { try await sink.close() }
}
