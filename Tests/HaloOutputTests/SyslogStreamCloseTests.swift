import Foundation
import HaloPlatform
import HaloTesting
import Testing
@testable import HaloOutput

/// TCP counts a batch written only once the server has read all of it: a server whose kernel took (and
/// acknowledged) every byte but that closed without reading them leaves the batch unwritten.
@Suite(.serialized) struct SyslogStreamCloseTests {
    @Test func aServerThatClosesWithoutReadingLeavesTheBatchUnwritten() async throws {
        let server = try UnreadingServer()
        defer { server.stop() }
        let sink = RemoteSyslogSink(.init(
            server: .init(host: "127.0.0.1", port: server.port),
            retry: .init(maxAttempts: 3, baseDelay: .milliseconds(10), maxTotalTime: nil, jitter: false)))
        let error = await #expect(throws: SyslogDeliveryError.self) {
            try await sink.write(batch: (0..<20).map { "unread message \($0)" })
        }
        #expect(error?.attempts == 3)
        #expect(server.connections == 3)  // a new connection per attempt, the whole batch each time
        try await sink.close()
    }

    @Test func eachBatchIsReadToTheEndOnAConnectionOfItsOwn() async throws {
        let daemon = try RsyslogServer(maxMessageSize: nil, udpReceiveBuffer: nil)
        try daemon.start()
        let token = "closed-\(UUID().uuidString.prefix(8))"
        let sink = RemoteSyslogSink(.init(server: .init(host: "127.0.0.1", port: daemon.tcpPort)))
        for batch in 0..<5 {
            try await sink.write(batch: (0..<200).map { "\(token) batch \(batch) message \($0)" })
            // Reported written: the daemon has read the whole batch, so it shows up without waiting for more.
            #expect(daemon.waitForLines(containing: token, count: (batch + 1) * 200, timeout: 10).count == (batch + 1) * 200)
        }
        try await sink.close()
    }
}

/// A TCP server that accepts, lets the client's bytes sit unread in its receive buffer for a moment, then
/// closes: the kernel answers such a close with a reset, not a FIN.
private final class UnreadingServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var accepted = 0
    private var stopping = false
    private let done = DispatchGroup()

    var connections: Int { lock.withLock { accepted } }

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 8) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard listening else {
            close(listener)
            throw POSIXError(.EADDRINUSE)
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        done.enter()
        Thread.detachNewThread { [self] in
            serve()
            done.leave()
        }
    }

    func stop() {
        lock.withLock { stopping = true }
        _ = done.wait(timeout: .now() + 10)
        close(listener)
    }

    private func serve() {
        let deadline = Date().addingTimeInterval(60)
        while !lock.withLock({ stopping }), Date() < deadline {
            var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 100) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            lock.withLock { accepted += 1 }
            usleep(200_000)  // the client's frames (and its FIN) arrive and are acknowledged, unread
            close(client)
        }
    }
}
