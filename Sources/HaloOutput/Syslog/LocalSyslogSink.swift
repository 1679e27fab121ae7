import HaloPlatform
import NIOCore
import NIOPosix

/// Local syslog: for each line, the datagram glibc's `syslog()` would send, `<PRI>Aug 22 16:24:30 tag[pid]: line`,
/// written to the local syslog socket (``Configuration/socketPath``, `/dev/log` by default).
///
/// Delivery: a datagram the kernel accepted is in the daemon's socket queue; the batch is reported written
/// once every datagram was accepted. A refused datagram (daemon restarting: socket gone or refusing) is
/// sent again, with the ones after it, on a new socket, within ``RetryPolicy``; a line longer than
/// ``Configuration/maxMessageBytes`` is truncated by the ``SyslogTruncation`` rule.
public final class LocalSyslogSink: EventSink {
    public struct Configuration: Sendable {
        /// The daemon's datagram socket.
        public var socketPath: String
        public var priority: SyslogPriority
        /// The tag (program name) before `[pid]:`.
        public var tag: String
        public var processID: Int32
        /// The longest datagram sent (header included), at least 480; by default 8096 bytes, rsyslog's
        /// default `maxMessageSize`: a daemon cuts a longer one at its own limit, without the truncation
        /// marker. Raise both together (Linux refuses unix datagrams much above 200 KiB by default).
        public var maxMessageBytes: Int
        public var retry: RetryPolicy

        public init(
            socketPath: String = "/dev/log",
            priority: SyslogPriority = .default,
            tag: String = "halo-events",
            processID: Int32 = getpid(),
            maxMessageBytes: Int = SyslogTruncation.defaultLimit,
            retry: RetryPolicy = .syslog
        ) {
            self.socketPath = socketPath
            self.priority = priority
            self.tag = tag
            self.processID = processID
            self.maxMessageBytes = max(maxMessageBytes, SyslogTruncation.minimumLimit)
            self.retry = retry
        }
    }

    public let configuration: Configuration
    private let header: SyslogHeader
    private let sender: DatagramSender

    public init(_ configuration: Configuration = Configuration(), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        header = SyslogHeader(style: .local, priority: configuration.priority, tag: configuration.tag, processID: configuration.processID)
        sender = DatagramSender(address: .unix(path: configuration.socketPath), pacing: nil, retry: configuration.retry, group: group)
    }

    /// A unix datagram socket never drops: the kernel holds a datagram in the daemon's queue, or refuses it.
    public var guarantee: DeliveryGuarantee { .atLeastOnce }

    public func write(batch: [String]) async throws {
        guard !batch.isEmpty else { return }
        try await sender.send(header.messages(batch, limit: configuration.maxMessageBytes).map { ByteBuffer(bytes: $0) })
    }

    public func close() async throws {
        await sender.close()
    }
}
