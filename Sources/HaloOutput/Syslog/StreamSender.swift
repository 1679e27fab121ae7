import HaloPlatform
import NIOCore
import NIOPosix

/// Sends batches of octet-counted frames (RFC 6587) over TCP, at least once.
///
/// A batch counts as sent only when every frame was written on a connection that was still established
/// afterwards and (on Linux) the receiver's TCP stack had acknowledged every byte. On any failure the
/// connection is dropped, a new one opened, and the whole batch sent again, up to `retry.maxAttempts` times:
/// a receiver may see some messages twice, never none.
actor StreamSender {
    private let host: String
    private let port: Int
    private let retry: RetryPolicy
    private let connection: SyslogConnection

    init(host: String, port: Int, retry: RetryPolicy, group: any EventLoopGroup) {
        self.host = host
        self.port = port
        self.retry = retry
        connection = SyslogConnection {
            try await ClientBootstrap(group: group)
                .connectTimeout(.init(retry.attemptTimeout))
                .channelOption(.socketOption(.so_keepalive), value: 1)
                .connect(host: host, port: port)
                .get()
        }
    }

    var destination: String { "tcp \(host):\(port)" }

    /// Sends every frame of the batch, in order, at least once; throws ``SyslogDeliveryError`` when all
    /// attempts failed.
    func send(_ frames: [ByteBuffer]) async throws {
        var attempt = 0
        var generator = SystemRandomNumberGenerator()
        while true {
            attempt += 1
            let started = ContinuousClock.now
            do {
                let channel = try await connection.active()
                try await write(frames, on: channel)
                return
            } catch {
                await connection.drop()
                guard attempt < retry.maxAttempts else {
                    let timedOut = ContinuousClock.now - started >= retry.attemptTimeout
                    let reason = timedOut ? "no acknowledgement within \(retry.attemptTimeout)" : "\(error)"
                    throw SyslogDeliveryError(destination: destination, attempts: attempt, reason: reason)
                }
                try await Task.sleep(for: retry.delay(afterAttempt: attempt, using: &generator))
            }
        }
    }

    func close() async {
        await connection.drop()
    }

    private func write(_ frames: [ByteBuffer], on channel: any Channel) async throws {
        let deadline = channel.eventLoop.scheduleTask(in: .init(retry.attemptTimeout)) { channel.close(promise: nil) }
        defer { deadline.cancel() }
        let writes = frames.map { channel.write($0) }
        channel.flush()
        for write in writes { try await write.get() }
        try await waitUntilAcknowledged(channel)
    }

    /// Waits until the peer's TCP stack acknowledged every byte written, and fails if the connection is no
    /// longer established (closed or reset by the peer): bytes written into a connection the peer had
    /// already left would otherwise count as sent.
    private func waitUntilAcknowledged(_ channel: any Channel) async throws {
        #if os(Linux)
        guard let options = channel as? any SocketOptionProvider else { return }
        var pause = Duration.microseconds(50)
        while true {
            let info = try await options.getTCPInfo().get()
            guard info.tcpi_state == 1 /* TCP_ESTABLISHED */, channel.isActive else {
                throw ChannelError.ioOnClosedChannel
            }
            if info.tcpi_unacked == 0 { return }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(20))
        }
        #else
        guard channel.isActive else { throw ChannelError.ioOnClosedChannel }
        #endif
    }
}
