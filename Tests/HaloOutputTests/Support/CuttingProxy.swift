import Foundation
import HaloPlatform

/// A TCP proxy in front of a syslog server that breaks the first connection in the middle of a stream:
/// it forwards the first `cutAfter` octet-counted frames it receives, then resets the connection (RST),
/// dropping whatever else the client had sent. Later connections are forwarded whole.
///
/// Its listening socket has a tiny receive buffer, so a client writing a large batch is still writing
/// when the cut comes: exactly the failure a sink must notice and recover from.
final class CuttingProxy: @unchecked Sendable {
    let port: Int
    private let upstreamPort: Int
    private let cutAfter: Int
    private let listener: Int32
    private let lock = NSLock()
    private var _connections = 0
    private var _forwardedBeforeCut = 0
    private var stopping = false
    private let done = DispatchGroup()

    /// Connections accepted so far.
    var connections: Int { lock.withLock { _connections } }
    /// Frames forwarded on the first connection before it was cut.
    var forwardedBeforeCut: Int { lock.withLock { _forwardedBeforeCut } }

    init(upstreamPort: Int, cutAfter: Int) throws {
        self.upstreamPort = upstreamPort
        self.cutAfter = cutAfter
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var small: Int32 = 4096
        setsockopt(listener, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 8) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard ok else {
            close(listener)
            throw POSIXError(.EADDRINUSE)
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        done.enter()
        Thread.detachNewThread { [self] in
            acceptLoop()
            done.leave()
        }
    }

    /// Stops accepting and waits (at most 10 s) for the proxy threads to end.
    func stop() {
        lock.withLock { stopping = true }
        _ = done.wait(timeout: .now() + 10)
        close(listener)
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    private func acceptLoop() {
        while !isStopping {
            guard readable(listener, milliseconds: 100) else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            let number = lock.withLock { () -> Int in
                _connections += 1
                return _connections
            }
            done.enter()
            Thread.detachNewThread { [self] in
                serve(client, cutting: number == 1)
                done.leave()
            }
        }
    }

    private func serve(_ client: Int32, cutting: Bool) {
        defer { close(client) }
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(upstream) }
        var address = loopbackAddress(upstreamPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { return }
        var pending: [UInt8] = []
        var forwarded = 0
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let deadline = Date().addingTimeInterval(60)
        while !isStopping, Date() < deadline {
            guard readable(client, milliseconds: 100) else { continue }
            let n = read(client, &chunk, chunk.count)
            guard n > 0 else { return }
            pending += chunk[0..<n]
            // Forward each complete frame ("LEN SP MSG").
            while let space = pending.firstIndex(of: 0x20), let length = Int(String(decoding: pending[..<space], as: UTF8.self)),
                  pending.count >= space + 1 + length {
                let end = space + 1 + length
                let frame = Array(pending[..<end])
                pending.removeFirst(end)
                guard writeAll(upstream, frame) else { return }
                forwarded += 1
                if cutting, forwarded == cutAfter {
                    lock.withLock { _forwardedBeforeCut = forwarded }
                    usleep(200_000)  // let the client's buffers fill
                    var linger = linger(l_onoff: 1, l_linger: 0)
                    setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
                    return  // close with RST: everything not yet forwarded is gone
                }
            }
        }
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    private func readable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, milliseconds) > 0
    }

    private func loopbackAddress(_ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
