import NIOCore
import NIOPosix

/// Sends datagrams, one message each, over a connected UDP or unix datagram socket, reconnecting when the
/// receiver went away (a restarted syslog daemon recreates its socket).
actor DatagramSender {
    enum Address: Sendable, CustomStringConvertible {
        case unix(path: String)
        case inet(host: String, port: Int)

        var description: String {
            switch self {
            case .unix(let path): "unix socket \(path)"
            case .inet(let host, let port): "udp \(host):\(port)"
            }
        }
    }

    private let address: Address
    private let retry: SyslogRetryPolicy
    private let group: any EventLoopGroup
    private var channel: (any Channel)?

    init(address: Address, retry: SyslogRetryPolicy, group: any EventLoopGroup) {
        self.address = address
        self.retry = retry
        self.group = group
    }

    /// Sends every datagram, in order. A datagram the kernel refused is sent again, with those after it,
    /// on a new socket; gives up after `retry.attempts` failed attempts in a row.
    func send(_ datagrams: [ByteBuffer]) async throws {
        var next = 0
        var failures = 0
        while next < datagrams.count {
            do {
                let channel = try await connected()
                next += try await write(datagrams[next...], on: channel)
                failures = 0
            } catch {
                failures += 1
                await disconnect()
                guard failures < retry.attempts else {
                    throw SyslogDeliveryError(destination: address.description, attempts: failures, reason: "\(error)")
                }
                try await Task.sleep(for: retry.delay(after: failures))
            }
        }
    }

    func close() async {
        await disconnect()
    }

    /// Writes the datagrams and returns how many the kernel took; throws if the first one failed.
    private func write(_ datagrams: ArraySlice<ByteBuffer>, on channel: any Channel) async throws -> Int {
        let deadline = channel.eventLoop.scheduleTask(in: .init(retry.attemptTimeout)) { channel.close(promise: nil) }
        defer { deadline.cancel() }
        let writes = datagrams.map { channel.write($0) }
        channel.flush()
        for (sent, write) in writes.enumerated() {
            do {
                try await write.get()
            } catch where sent > 0 {
                return sent
            }
        }
        return writes.count
    }

    private func connected() async throws -> any Channel {
        if let channel, channel.isActive { return channel }
        await disconnect()
        let bootstrap = DatagramBootstrap(group: group)
        let channel: any Channel
        switch address {
        case .unix(let path): channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
        case .inet(let host, let port): channel = try await bootstrap.connect(host: host, port: port).get()
        }
        self.channel = channel
        return channel
    }

    private func disconnect() async {
        guard let channel else { return }
        self.channel = nil
        try? await channel.close()
    }
}
