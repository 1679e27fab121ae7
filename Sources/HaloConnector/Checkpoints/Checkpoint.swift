import HaloModel
import HaloPlatform

/// The state one account keeps between runs (one file per account in the config directory): its
/// ``DeliveryCursor`` and, while a batch is being written to a file, the ``PendingBatch``.
public struct Checkpoint: Sendable, Hashable {
    /// The account.
    public var keyID: String
    /// What has been delivered.
    public var cursor: DeliveryCursor
    /// A batch that was about to be appended to an output file when this checkpoint was written; `nil`
    /// once the batch is committed (or when the output is not a file).
    public var pending: PendingBatch?

    public init(keyID: String, cursor: DeliveryCursor, pending: PendingBatch? = nil) {
        self.keyID = keyID
        self.cursor = cursor
        self.pending = pending
    }
}

/// A batch on its way to an output file: recorded (durably) before the first byte is written, so that the
/// next run can tell from the file whether the batch got there.
public struct PendingBatch: Sendable, Hashable {
    /// Where the batch lands.
    public var landing: BatchLanding
    /// The number of events (lines) in the batch.
    public var events: Int
    /// The cursor once the batch is in the file.
    public var next: DeliveryCursor

    public init(landing: BatchLanding, events: Int, next: DeliveryCursor) {
        self.landing = landing
        self.events = events
        self.next = next
    }
}

// MARK: - File format (JSON)

extension Checkpoint: Decodable {
    /// The version of the file format written (`"format": 1`).
    public static let format = 1

    enum CodingKeys: String, CodingKey { case format, keyID = "key_id", cursor, pending }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let format = try c.decode(Int.self, forKey: .format)
        guard format == Checkpoint.format else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: c, debugDescription: "format \(format) is not the format this program writes (\(Checkpoint.format))")
        }
        keyID = try c.decode(String.self, forKey: .keyID)
        cursor = try c.decode(DeliveryCursor.self, forKey: .cursor)
        pending = try c.decodeIfPresent(StoredPendingBatch.self, forKey: .pending)?.batch(after: cursor)
    }
}

/// A pending batch as the file stores it: its cursor after the batch either whole (`next`, as written by
/// earlier releases) or as the difference from the checkpoint's cursor (`next_delta`).
private struct StoredPendingBatch: Decodable {
    let landing: BatchLanding
    let events: Int
    let next: DeliveryCursor?
    let nextDelta: CursorDelta?

    enum CodingKeys: String, CodingKey {
        case output, device, inode, lengthBefore = "length_before", length, digest, events, next, nextDelta = "next_delta"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let file = FileIdentity(
            device: try c.decode(UInt64.self, forKey: .device), inode: try c.decode(UInt64.self, forKey: .inode),
            size: try c.decode(Int64.self, forKey: .lengthBefore))
        let length = try c.decode(Int64.self, forKey: .length)
        landing = BatchLanding(
            output: try c.decode(String.self, forKey: .output), file: file, length: length,
            digest: try c.decode(String.self, forKey: .digest))
        events = try c.decode(Int.self, forKey: .events)
        next = try c.decodeIfPresent(DeliveryCursor.self, forKey: .next)
        nextDelta = try c.decodeIfPresent(CursorDelta.self, forKey: .nextDelta)
        guard (next == nil) != (nextDelta == nil) else {
            throw DecodingError.dataCorruptedError(forKey: .next, in: c, debugDescription: "pending batch without exactly one of next and next_delta")
        }
        guard file.size >= 0, length > 0, events > 0, !file.size.addingReportingOverflow(length).overflow else {
            throw DecodingError.dataCorruptedError(forKey: .length, in: c, debugDescription: "pending batch with impossible lengths")
        }
    }

    func batch(after cursor: DeliveryCursor) -> PendingBatch {
        PendingBatch(landing: landing, events: events, next: next ?? nextDelta!.applied(to: cursor))
    }
}

/// `{"newest": "…", "covered_from": "…", "last_sweep": "…", "delivered": {"<created_at>": ["<id>", …], …}}`, timestamps in
/// ISO-8601 with microseconds, ids grouped by timestamp (bursts share one) and sorted.
extension DeliveryCursor: Decodable {
    enum CodingKeys: String, CodingKey { case newest, coveredFrom = "covered_from", delivered, lastSweep = "last_sweep" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let newest = try c.decodeTimestamp(.newest)
        let delivered = try c.decodeIDsByTime(.delivered)
        if !delivered.isEmpty, newest == nil {
            throw DecodingError.dataCorruptedError(forKey: .newest, in: c, debugDescription: "delivered ids without a newest timestamp")
        }
        self.init(newest: newest, coveredFrom: try c.decodeTimestamp(.coveredFrom), delivered: delivered, lastSweep: try c.decodeTimestamp(.lastSweep))
    }
}

/// `{"newest": …, "covered_from": …, "last_sweep": …, "added": {"<created_at>": ["<id>", …], …}, "removed": ["<id>", …]}`.
extension CursorDelta: Decodable {
    enum CodingKeys: String, CodingKey { case newest, coveredFrom = "covered_from", lastSweep = "last_sweep", added, removed }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            newest: try c.decodeTimestamp(.newest), coveredFrom: try c.decodeTimestamp(.coveredFrom),
            lastSweep: try c.decodeTimestamp(.lastSweep), added: try c.decodeIDsByTime(.added),
            removed: try c.decode([String].self, forKey: .removed))
    }
}

extension KeyedDecodingContainer {
    /// An optional ISO-8601 timestamp.
    fileprivate func decodeTimestamp(_ key: Key) throws -> HaloTimestamp? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let t = HaloTimestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(text) is not an ISO-8601 timestamp")
        }
        return t
    }

    /// `{"<created_at>": ["<id>", …], …}` as each id's time.
    fileprivate func decodeIDsByTime(_ key: Key) throws -> [String: HaloTimestamp] {
        var ids: [String: HaloTimestamp] = [:]
        for (text, group) in try decode([String: [String]].self, forKey: key) {
            guard let t = HaloTimestamp(iso8601: text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(text) is not an ISO-8601 timestamp")
            }
            for id in group { ids[id] = t }
        }
        return ids
    }
}
