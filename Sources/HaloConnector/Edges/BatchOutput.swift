import HaloOutput
import HaloPlatform

/// Where a run's lines go, one batch at a time (files, stdout, syslog, through `HaloDelivery`).
///
/// An output that can tell afterwards whether a batch got there (a file) is *exactly once*: ``prepare(_:)``
/// returns where the batch will land, the checkpoint records it as pending before ``write(_:)``, and the
/// next run settles it after a crash (``PendingRecovery``). Any other output is *at least once*: a crash
/// between writing and committing repeats that batch.
public protocol BatchOutput: Sendable {
    /// What a batch that ``write(_:)`` reported written is known to have reached (the run's summary says
    /// "delivered" or "sent" by it).
    var guarantee: DeliveryGuarantee { get }
    /// Readies `lines` (each without its terminator) to be written.
    func prepare(_ lines: [String]) async throws -> PreparedBatch
    /// Writes the batch whole, as durably as the output can (flushed, `fsync`ed, sent). When this throws, an
    /// exactly-once output has taken back what part of the batch it wrote, or says it could not
    /// (``BatchNotTakenBack``).
    func write(_ batch: PreparedBatch) async throws
    /// Flushes and releases what the output holds.
    func close() async throws
}

/// A batch ready to be written.
public struct PreparedBatch: Sendable {
    public var lines: [String]
    /// The batch's bytes, for an output that writes them as one block (a file).
    public var bytes: [UInt8]?
    /// Where the batch lands, for an exactly-once output: recorded as pending before it is written.
    public var landing: BatchLanding?

    public init(lines: [String], bytes: [UInt8]? = nil, landing: BatchLanding? = nil) {
        self.lines = lines
        self.bytes = bytes
        self.landing = landing
    }
}

/// Where a batch lands in an output file, and what it is: enough for the next run to tell from the file
/// whether it got there.
public struct BatchLanding: Sendable, Hashable {
    /// The output file's path.
    public var output: String
    /// The file (device, inode) and its length before the batch.
    public var file: FileIdentity
    /// The batch's length in bytes.
    public var length: Int64
    /// FNV-1a-64 of the batch's bytes, in hex.
    public var digest: String

    public init(output: String, file: FileIdentity, length: Int64, digest: String) {
        self.output = output
        self.file = file
        self.length = length
        self.digest = digest
    }
}

/// A write failed part way, and the output could not take the part back: the batch stays pending in the
/// checkpoint, for the next run to settle.
public struct BatchNotTakenBack: Error, Sendable {
    public var cause: any Error & Sendable
    public init(cause: any Error & Sendable) { self.cause = cause }
}
