import HaloConnector
import HaloDelivery
import HaloOutput

/// Where the lines of a run go, as the output flags chose.
public enum OutputDestination: Sendable {
    /// Standard output (at least once: a crash may repeat the last batch).
    case standardOutput
    /// An appended file (exactly once, even across `kill -9`).
    case file(String)
    /// Any other sink (syslog...), opened once the run holds its lock (at least once like stdout, or only
    /// sent over UDP: the sink's ``EventSink/guarantee``).
    case stream(open: @Sendable () async throws -> any EventSink)

    /// Opens the output.
    public func open() async throws -> any BatchOutput {
        switch self {
        case .standardOutput: SinkBatchOutput(StdoutSink())
        case .file(let path): try FileBatchOutput(path: path)
        case .stream(let open): SinkBatchOutput(try await open())
        }
    }
}
