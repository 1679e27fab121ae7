import HaloPlatform
import NIOCore
import NIOPosix

/// Remote syslog (a server, over TCP by default, or UDP): each line behind an RFC 5424 (default) or
/// RFC 3164 header.
///
/// - TCP: octet-counted framing (RFC 6587 §3.4.1, `LEN SP MSG`: what rsyslog's `imtcp` takes by default),
///   at least once: a batch is reported written only once the server has read all of it (one connection
///   a batch, closed by both sides: ``StreamSender``); any failure resends the whole batch on a new
///   connection, within ``RetryPolicy``.
/// - UDP: one datagram per line, paced (``DatagramPacing``), sent but never acknowledged: a datagram the
///   network or the receiver drops is lost unseen; a datagram the kernel refuses is sent again.
///
/// On both, a message longer than ``Configuration/maxMessageBytes`` is truncated by the ``SyslogTruncation``
/// rule, never left for the receiver to cut (over TCP rsyslog would pass the rest on as a message of its own).
public final class RemoteSyslogSink: EventSink {
    public struct Configuration: Sendable {
        public var server: SyslogServerAddress
        public var transport: SyslogTransport
        public var format: SyslogHeaderFormat
        public var priority: SyslogPriority
        /// APP-NAME (RFC 5424) or TAG (RFC 3164).
        public var appName: String
        /// HOSTNAME in the header (this machine's name when `init` is given none).
        public var hostname: String
        public var processID: Int32
        /// The longest message sent (header included), at least 480, over UDP at most 65 507; by default
        /// 8096 bytes, rsyslog's default `maxMessageSize` (its "8k"): a default rsyslog cuts a longer UDP
        /// message there without the truncation marker, and splits a longer TCP frame into several
        /// messages. Raise both together.
        public var maxMessageBytes: Int
        /// How fast datagrams go over UDP (unused over TCP, whose flow control paces it).
        public var udpPacing: DatagramPacing
        public var retry: RetryPolicy

        public init(
            server: SyslogServerAddress,
            transport: SyslogTransport = .tcp,
            format: SyslogHeaderFormat = .rfc5424,
            priority: SyslogPriority = .default,
            appName: String = "halo-events",
            hostname: String? = nil,
            processID: Int32 = getpid(),
            maxMessageBytes: Int = SyslogTruncation.defaultLimit,
            udpPacing: DatagramPacing = .default,
            retry: RetryPolicy = .syslog
        ) {
            self.server = server
            self.transport = transport
            self.format = format
            self.priority = priority
            self.appName = appName
            self.hostname = hostname ?? SyslogHeader.localHostname()
            self.processID = processID
            let most = transport == .udp ? SyslogTruncation.udpLimit : Int(Int32.max)
            self.maxMessageBytes = min(max(maxMessageBytes, SyslogTruncation.minimumLimit), most)
            self.udpPacing = udpPacing
            self.retry = retry
        }
    }

    public let configuration: Configuration
    private let header: SyslogHeader
    private let sender: Sender

    private enum Sender {
        case udp(DatagramSender)
        case tcp(StreamSender)
    }

    public init(_ configuration: Configuration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        let style: SyslogHeader.Style = switch configuration.format {
        case .rfc5424: .rfc5424(hostname: configuration.hostname)
        case .rfc3164: .rfc3164(hostname: configuration.hostname)
        }
        header = SyslogHeader(style: style, priority: configuration.priority, tag: configuration.appName, processID: configuration.processID)
        let server = configuration.server
        sender = switch configuration.transport {
        case .udp:
            .udp(DatagramSender(
                address: .inet(host: server.host, port: server.port), pacing: configuration.udpPacing, retry: configuration.retry, group: group))
        case .tcp: .tcp(StreamSender(host: server.host, port: server.port, retry: configuration.retry, group: group))
        }
    }

    /// TCP: the server read every batch reported written; UDP: every datagram left this host, no more.
    public var guarantee: DeliveryGuarantee {
        switch configuration.transport {
        case .tcp: .atLeastOnce
        case .udp: .sentUnacknowledged
        }
    }

    public func write(batch: [String]) async throws {
        guard !batch.isEmpty else { return }
        let messages = header.messages(batch, limit: configuration.maxMessageBytes)
        switch sender {
        case .udp(let sender):
            try await sender.send(messages.map { ByteBuffer(bytes: $0) })
        case .tcp(let sender):
            try await sender.send(messages.map { message in
                var frame = ByteBuffer()
                frame.reserveCapacity(message.count + 8)
                frame.writeString("\(message.count) ")
                frame.writeBytes(message)
                return frame
            })
        }
    }

    public func close() async throws {
        switch sender {
        case .udp(let sender): await sender.close()
        case .tcp(let sender): await sender.close()
        }
    }
}
