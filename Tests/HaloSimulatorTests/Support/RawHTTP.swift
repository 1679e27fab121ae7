import Foundation

/// A bare HTTP/1.1 exchange over a blocking socket: sends one GET and returns every byte the server
/// writes until the connection ends, and how it ended. For looking at what a client library would hide.
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// How the connection ended.
    enum Ending: Equatable {
        /// The server closed it: `recv` returned 0 (a FIN).
        case closed
        /// The server reset it: `recv` failed with `ECONNRESET` (an RST).
        case reset
        /// Nothing more came within ``receiveTimeout``: the connection is still open (a stall).
        case timedOut
    }

    /// What the server sent, how the connection ended, and how long the exchange took.
    struct Exchange {
        var bytes: Data
        var ending: Ending
        var elapsed: Duration
    }

    /// How long a `recv` waits for more bytes before the exchange counts as stalled.
    static let receiveTimeout: Duration = .seconds(10)

    static func get(port: Int, path: String, token: String) throws -> Exchange {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: Int(receiveTimeout.components.seconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to 127.0.0.1:\(port): \(errno)") }
        let clock = ContinuousClock()
        let start = clock.now
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Bearer \(token)\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 {
                received.append(contentsOf: buffer[0..<n])
                continue
            }
            let ending: Ending
            switch n == 0 ? 0 : errno {
            case 0: ending = .closed
            case ECONNRESET: ending = .reset
            case EAGAIN, EWOULDBLOCK: ending = .timedOut
            case EINTR: continue
            case let error: throw Failure(description: "recv from 127.0.0.1:\(port): errno \(error)")
            }
            return Exchange(bytes: received, ending: ending, elapsed: clock.now - start)
        }
    }
}
