import HaloPlatform
import NIOCore
import NIOPosix

/// Sends datagrams, one message each, over a connected UDP or unix datagram socket, reconnecting when the
/// receiver went away (a restarted syslog daemon recreates its socket), paced when a ``DatagramPacing`` is
/// given (UDP: see there).
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
    private let retry: RetryPolicy
    private let connection: SyslogConnection
    private var schedule: PacingSchedule?

    /// A sender to `address`; `pacing` `nil`: as fast as the socket takes them (a unix datagram socket
    /// refuses rather than drops).
    init(address: Address, pacing: DatagramPacing?, retry: RetryPolicy, group: any EventLoopGroup) {
        self.address = address
        self.retry = retry
        schedule = pacing.map(PacingSchedule.init)
        connection = SyslogConnection {
            let bootstrap = DatagramBootstrap(group: group)
            switch address {
            case .unix(let path): return try await bootstrap.connect(unixDomainSocketPath: path).get()
            case .inet(let host, let port): return try await bootstrap.connect(host: host, port: port).get()
            }
        }
    }

    /// Sends every datagram, in order, a slice of the pacing at a time (all at once unpaced). A datagram the
    /// kernel refused is sent again, with those after it, on a new socket; gives up after
    /// `retry.maxAttempts` failed attempts in a row.
    func send(_ datagrams: [ByteBuffer]) async throws {
        var next = 0
        var failures = 0
        var generator = SystemRandomNumberGenerator()
        while next < datagrams.count {
            do {
                let channel = try await connection.active()
                var end = datagrams.count
                if let slice = schedule?.pacing.slice {
                    end = min(end, next + slice)
                    if let start = schedule?.book(end - next, now: .now), start > .now { try await Task.sleep(until: start, clock: .continuous) }
                }
                next += try await write(datagrams[next..<end], on: channel)
                failures = 0
            } catch {
                failures += 1
                await connection.drop()
                guard failures < retry.maxAttempts else {
                    throw SyslogDeliveryError(destination: address.description, attempts: failures, reason: "\(error)")
                }
                try await Task.sleep(for: retry.delay(afterAttempt: failures, using: &generator))
            }
        }
    }

    func close() async {
        await connection.drop()
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
}
