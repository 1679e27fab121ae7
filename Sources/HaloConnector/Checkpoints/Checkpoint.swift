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

extension Checkpoint: Codable {
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
        pending = try c.decodeIfPresent(PendingBatch.self, forKey: .pending)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Checkpoint.format, forKey: .format)
        try c.encode(keyID, forKey: .keyID)
        try c.encode(cursor, forKey: .cursor)
        try c.encodeIfPresent(pending, forKey: .pending)
    }
}

extension PendingBatch: Codable {
    enum CodingKeys: String, CodingKey { case output, device, inode, lengthBefore = "length_before", length, digest, events, next }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let file = FileIdentity(
            device: try c.decode(UInt64.self, forKey: .device), inode: try c.decode(UInt64.self, forKey: .inode),
            size: try c.decode(Int64.self, forKey: .lengthBefore))
        let length = try c.decode(Int64.self, forKey: .length)
        landing = BatchLanding(
            output: try c.decode(String.self, forKey: .output), file: file, length: length,
            digest: try c.decode(String.self, forKey: .digest))
        events = try c.decode(Int.self, forKey: .events)
        next = try c.decode(DeliveryCursor.self, forKey: .next)
        guard file.size >= 0, length > 0, events > 0, !file.size.addingReportingOverflow(length).overflow else {
            throw DecodingError.dataCorruptedError(forKey: .length, in: c, debugDescription: "pending batch with impossible lengths")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(landing.output, forKey: .output)
        try c.encode(landing.file.device, forKey: .device)
        try c.encode(landing.file.inode, forKey: .inode)
        try c.encode(landing.file.size, forKey: .lengthBefore)
        try c.encode(landing.length, forKey: .length)
        try c.encode(landing.digest, forKey: .digest)
        try c.encode(events, forKey: .events)
        try c.encode(next, forKey: .next)
    }
}

/// `{"newest": "…", "covered_from": "…", "last_sweep": "…", "delivered": {"<created_at>": ["<id>", …], …}}`, timestamps in
/// ISO-8601 with microseconds, ids grouped by timestamp (bursts share one) and sorted.
extension DeliveryCursor: Codable {
    enum CodingKeys: String, CodingKey { case newest, coveredFrom = "covered_from", delivered, lastSweep = "last_sweep" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func timestamp(_ key: CodingKeys) throws -> HaloTimestamp? {
            guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let t = HaloTimestamp(iso8601: text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(text) is not an ISO-8601 timestamp")
            }
            return t
        }
        let newest = try timestamp(.newest)
        let coveredFrom = try timestamp(.coveredFrom)
        var delivered: [String: HaloTimestamp] = [:]
        for (text, ids) in try c.decode([String: [String]].self, forKey: .delivered) {
            guard let t = HaloTimestamp(iso8601: text) else {
                throw DecodingError.dataCorruptedError(forKey: .delivered, in: c, debugDescription: "\(text) is not an ISO-8601 timestamp")
            }
            for id in ids { delivered[id] = t }
        }
        if !delivered.isEmpty, newest == nil {
            throw DecodingError.dataCorruptedError(forKey: .newest, in: c, debugDescription: "delivered ids without a newest timestamp")
        }
        self.init(newest: newest, coveredFrom: coveredFrom, delivered: delivered, lastSweep: try timestamp(.lastSweep))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(newest?.description, forKey: .newest)
        try c.encodeIfPresent(coveredFrom?.description, forKey: .coveredFrom)
        try c.encodeIfPresent(lastSweep?.description, forKey: .lastSweep)
        var grouped: [String: [String]] = [:]
        for (id, t) in delivered { grouped[t.description, default: []].append(id) }
        try c.encode(grouped.mapValues { $0.sorted() }, forKey: .delivered)
    }
}
