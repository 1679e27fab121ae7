import HaloConnector
import HaloOutput

/// Lines handed to a sink that cannot tell afterwards what it received (stdout, syslog): at least once
/// (a crash between writing and committing repeats that batch), or only sent (UDP), as the sink's
/// ``EventSink/guarantee`` says.
public final class SinkBatchOutput: BatchOutput {
    private let sink: any EventSink

    public init(_ sink: any EventSink) { self.sink = sink }

    public var guarantee: DeliveryGuarantee { sink.guarantee }

    public func prepare(_ lines: [String]) async throws -> PreparedBatch { PreparedBatch(lines: lines) }

    public func write(_ batch: PreparedBatch) async throws { try await sink.write(batch: batch.lines) }

    public func close() async throws { try await sink.close() }
}
