import Foundation

/// A datagram socket the test listens on (a unix socket path, or UDP on 127.0.0.1), read by a background
/// thread while the sender runs.
final class DatagramReceiver: @unchecked Sendable {
    /// The unix socket path, or `127.0.0.1:PORT`.
    let address: String
    private let fd: Int32
    private let lock = NSLock()
    private var received: [String] = []
    private var stopped = false

    /// Listens on a unix datagram socket at `path`.
    init(unixPath path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
        }
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        self.fd = fd
        address = path
        start()
    }

    /// Listens on UDP 127.0.0.1, any free port.
    init(udpLoopback: Void = ()) throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var size: Int32 = 8 << 20
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard fd >= 0, bound else { throw POSIXError(.EADDRNOTAVAIL) }
        self.fd = fd
        address = "127.0.0.1:\(UInt16(bigEndian: addr.sin_port))"
        start()
    }

    private func start() {
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 1 << 18)
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            while !isStopped {
                guard poll(&poller, 1, 50) > 0 else { continue }
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { continue }
                lock.lock()
                received.append(String(decoding: buffer[..<n], as: UTF8.self))
                lock.unlock()
            }
        }
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// The datagrams received so far, once `count` arrived or `seconds` passed.
    func messages(waitingFor count: Int, seconds: Double) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            lock.lock()
            let n = received.count
            lock.unlock()
            if n >= count { break }
            usleep(10_000)
        }
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    deinit {
        lock.lock()
        stopped = true
        lock.unlock()
        usleep(100_000)
        close(fd)
    }
}
