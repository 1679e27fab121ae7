/// Where formatted lines go: standard output, a file, a syslog daemon.
///
/// The connector hands a sink one batch at a time, in order, and moves its checkpoint only after
/// ``write(batch:)`` returns; a sink returns only once the batch is as durable as that sink can make it
/// (written and flushed for stdout, written and `fsync`ed for files, sent for syslog).
public protocol EventSink: AnyObject, Sendable {
    /// Writes every line of the batch (each without its terminator), in order.
    func write(batch: [String]) async throws
    /// Flushes and releases what the sink holds (descriptors, sockets).
    func close() async throws
}
