import HaloPlatform
import NIOCore
import NIOPosix

/// Sends batches of octet-counted frames (RFC 6587 §3.4.1) over TCP, at least once, one connection a batch.
///
/// A batch counts as sent only when the server has read all of it: every frame was written; the server's
/// TCP stack acknowledged every byte while the connection was still established (Linux `TCP_INFO`); this
/// side then closed its half (FIN) and the server closed its own in turn, without a reset. A server closes
/// a connection that still holds bytes it has not read with a reset, not a FIN, so its FIN after ours says
/// that it read up to our end of stream (rsyslog's `imtcp`, as any stream server, closes on end of stream).
/// What the server does with the messages after reading them (its queue, its disk) no plain TCP sender can
/// see. On any failure the whole batch is sent again on a new connection, up to `retry.maxAttempts` times: a
/// receiver may see some messages twice, never none.
actor StreamSender {
    private let host: String
    private let port: Int
    private let retry: RetryPolicy
    private let bootstrap: ClientBootstrap

    init(host: String, port: Int, retry: RetryPolicy, group: any EventLoopGroup) {
        self.host = host
        self.port = port
        self.retry = retry
        bootstrap = ClientBootstrap(group: group).connectTimeout(.init(retry.attemptTimeout))
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
                try await sendOnNewConnection(frames)
                return
            } catch {
                guard attempt < retry.maxAttempts else {
                    let timedOut = ContinuousClock.now - started >= retry.attemptTimeout
                    let reason = timedOut ? "not read to the end within \(retry.attemptTimeout)" : "\(error)"
                    throw SyslogDeliveryError(destination: destination, attempts: attempt, reason: reason)
                }
                try await Task.sleep(for: retry.delay(afterAttempt: attempt, using: &generator))
            }
        }
    }

    /// Nothing stays open between batches.
    func close() async {}

    /// One attempt: connect, write, wait for the acknowledgement, close our half, wait for the server's
    /// close; all within `retry.attemptTimeout`.
    private func sendOnNewConnection(_ frames: [ByteBuffer]) async throws {
        let channel = try await bootstrap.connect(host: host, port: port).get()
        let closed = channel.eventLoop.makePromise(of: Void.self)
        let deadline = channel.eventLoop.scheduleTask(in: .init(retry.attemptTimeout)) {
            closed.fail(AttemptTimedOut())
            channel.close(promise: nil)
        }
        defer {
            deadline.cancel()
            closed.fail(ChannelError.alreadyClosed)  // no-op once completed
            channel.close(promise: nil)
        }
        try await channel.pipeline.addHandler(ServerCloseHandler(closed: closed)).get()
        let writes = frames.map { channel.write($0) }
        channel.flush()
        for write in writes { try await write.get() }
        try await waitUntilAcknowledged(channel)
        try await channel.close(mode: .output).get()
        try await closed.futureResult.get()
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

/// An attempt that did not end within `RetryPolicy.attemptTimeout`.
private struct AttemptTimedOut: Error {}

/// Completes `closed` when the server closes the connection cleanly (its FIN), fails it when the
/// connection fails (a reset: the server left bytes unread, or died). What the server sends is ignored.
private final class ServerCloseHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    private let closed: EventLoopPromise<Void>

    init(closed: EventLoopPromise<Void>) { self.closed = closed }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closed.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed.succeed(())
        context.fireChannelInactive()
    }
}
