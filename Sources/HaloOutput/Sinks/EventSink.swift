/// A stream that formatted lines go to: standard output, a syslog daemon (a file is a ``FileSink``, which the
/// connector drives batch by batch to deliver exactly once).
///
/// The connector hands a sink one batch at a time, in order, and moves its checkpoint only after
/// ``write(batch:)`` returns; a sink returns only once the batch is as durable as that sink can make it
/// (written for stdout, read by the server for TCP syslog, sent for UDP syslog): its ``guarantee``.
public protocol EventSink: AnyObject, Sendable {
    /// What a batch that ``write(batch:)`` reported written is known to have reached.
    var guarantee: DeliveryGuarantee { get }
    /// Writes every line of the batch (each without its terminator), in order.
    func write(batch: [String]) async throws
    /// Flushes and releases what the sink holds (descriptors, sockets).
    func close() async throws
}
