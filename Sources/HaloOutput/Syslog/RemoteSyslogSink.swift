#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// Remote syslog (`--syslog-server=HOST:PORT`, `--syslog-proto=udp|tcp`): each line behind an RFC 5424
/// (default) or RFC 3164 header.
///
/// - TCP: octet-counted framing (RFC 6587, `LEN SP MSG`), at least once: a batch is
///   reported written only when all its frames were written on a connection still established afterwards
///   and acknowledged by the receiver's TCP stack; any failure reconnects and resends the whole batch,
///   within ``SyslogRetryPolicy``.
/// - UDP: one datagram per line, best effort (UDP has no acknowledgement: a datagram the network or the
///   receiver drops is lost unseen); a datagram the kernel refuses is sent again.
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
        public var retry: SyslogRetryPolicy

        public init(
            server: SyslogServerAddress,
            transport: SyslogTransport = .udp,
            format: SyslogHeaderFormat = .rfc5424,
            priority: SyslogPriority = .default,
            appName: String = "halo-events",
            hostname: String? = nil,
            processID: Int32 = getpid(),
            maxMessageBytes: Int = SyslogTruncation.defaultLimit,
            retry: SyslogRetryPolicy = SyslogRetryPolicy()
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
        case .udp: .udp(DatagramSender(address: .inet(host: server.host, port: server.port), retry: configuration.retry, group: group))
        case .tcp: .tcp(StreamSender(host: server.host, port: server.port, retry: configuration.retry, group: group))
        }
    }

    public func write(batch: [String]) async throws {
        guard !batch.isEmpty else { return }
        let prefix = header.text(at: TimeText.now())
        switch sender {
        case .udp(let sender):
            try await sender.send(batch.map { line in
                ByteBuffer(bytes: SyslogTruncation.message(header: prefix, line: line, limit: configuration.maxMessageBytes))
            })
        case .tcp(let sender):
            try await sender.send(batch.map { line in
                let message = SyslogTruncation.message(header: prefix, line: line, limit: configuration.maxMessageBytes)
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

/// `--syslog-proto`: how messages travel to a remote syslog server.
public enum SyslogTransport: String, Sendable, CaseIterable {
    case udp, tcp

    /// Reads `udp` or `tcp` (any case).
    public init(parsing text: String) throws(SyslogOptionError) {
        guard let transport = Self(rawValue: text.lowercased()) else { throw .transport(text) }
        self = transport
    }
}

/// `--syslog-server`: a host (name, IPv4, or IPv6 in brackets) and a port, 514 when left out.
public struct SyslogServerAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int = 514) {
        self.host = host
        self.port = port
    }

    /// Reads `HOST:PORT`, `HOST`, `[IPv6]:PORT` or `[IPv6]`.
    public init(parsing text: String) throws(SyslogOptionError) {
        var host = Substring(text)
        var portText: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw .server(text) }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw .server(text) }
                portText = rest.dropFirst()
            }
        } else if let colon = host.lastIndex(of: ":") {
            guard host.firstIndex(of: ":") == colon else { throw .server(text) }  // bare IPv6 needs brackets
            portText = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace }) else { throw .server(text) }
        var port = 514
        if let portText {
            guard let number = Int(portText), (1...65_535).contains(number) else { throw .server(text) }
            port = number
        }
        self.init(host: String(host), port: port)
    }

    /// `host:port`, with brackets around an IPv6 host.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Why a `--syslog-server` or `--syslog-proto` value was refused.
public enum SyslogOptionError: Error, Equatable, CustomStringConvertible {
    case server(String)
    case transport(String)

    public var description: String {
        switch self {
        case .server(let text):
            "--syslog-server=\(text): expected HOST:PORT (e.g. 10.0.0.5:514, siem.example.com:6514, [2001:db8::5]:514)"
        case .transport(let text):
            "--syslog-proto=\(text): expected udp or tcp"
        }
    }
}
