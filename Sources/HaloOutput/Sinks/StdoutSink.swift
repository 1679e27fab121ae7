import HaloPlatform

/// Writes lines to standard output, unbuffered: each batch goes out with `write(2)` before
/// ``write(batch:)`` returns, so nothing waits in a buffer when the connector moves its checkpoint.
///
/// A closed pipe (the reader went away) is an error of the batch, not a silent loss: the connector ignores
/// `SIGPIPE` and sees `EPIPE` here: a ``SystemCallError`` (`.write` on `standard output`).
public actor StdoutSink: EventSink {
    private let fd: Int32

    /// A sink on file descriptor 1 (or `fd`, for tests).
    public init(fileDescriptor fd: Int32 = STDOUT_FILENO) {
        self.fd = fd
    }

    /// A batch is in the pipe or file behind descriptor 1 once written.
    public nonisolated var guarantee: DeliveryGuarantee { .atLeastOnce }

    public func write(batch: [String]) async throws {
        try Descriptor.writeAll(fd, LineBytes.encode(batch), on: "standard output")
    }

    /// Standard output stays open: the process owns it.
    public func close() async throws {}
}
