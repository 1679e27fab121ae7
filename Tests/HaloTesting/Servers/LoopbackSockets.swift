import Foundation

/// A loopback UDP or TCP port that was free a moment ago (bound to port 0, read back, released).
public func freeLoopbackPort(udp: Bool) throws -> Int {
    let fd = socket(AF_INET, Int32(udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EMFILE) }
    defer { close(fd) }
    var address = loopbackAddress(port: 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Sends one UDP datagram to 127.0.0.1:`port`; returns whether the kernel took it.
public func sendDatagram(_ bytes: [UInt8], toPort port: Int) -> Bool {
    withLoopbackSocket(Int32(SOCK_DGRAM.rawValue), port: port) { fd, address, length in
        sendto(fd, bytes, bytes.count, 0, address, length) == bytes.count
    }
}

/// Sends one datagram to the unix datagram socket at `path`; returns whether the kernel took it.
public func sendDatagram(_ bytes: [UInt8], toUnixSocket path: String) -> Bool {
    let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let pathBytes = Array(path.utf8)
    guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        raw.copyBytes(from: pathBytes)
    }
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            sendto(fd, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == bytes.count
        }
    }
}

/// Connects to 127.0.0.1:`port`, writes `bytes`, closes; returns whether everything was written.
public func sendStream(_ bytes: [UInt8], toPort port: Int) -> Bool {
    withLoopbackSocket(Int32(SOCK_STREAM.rawValue), port: port) { fd, address, length in
        connect(fd, address, length) == 0 && send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count
    }
}

/// Opens a socket of `type`, hands it to `body` with the address of 127.0.0.1:`port`, and closes it;
/// `false` when no socket could be opened.
private func withLoopbackSocket(
    _ type: Int32, port: Int, _ body: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Bool
) -> Bool {
    let fd = socket(AF_INET, type, 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = loopbackAddress(port: port)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
}

/// The IPv4 address 127.0.0.1:`port`.
func loopbackAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    return address
}
