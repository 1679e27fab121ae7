import HaloPlatform

/// Whether `text` is an IPv4 or IPv6 address literal as `inet_pton` reads them (no zone, no port).
func isIPAddressLiteral(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { isIPAddressLiteral($0) }
}

/// Whether the UTF-8 `bytes` are an IPv4 or IPv6 address literal as `inet_pton` reads them.
func isIPAddressLiteral(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    address(bytes) != nil
}

/// Whether the UTF-8 `bytes` are an address OSSIM can score as a host: an IPv4 or IPv6 literal (what
/// ossim-agent accepts: no zone suffix, no port) that is neither a loopback address (the agent turns
/// `127.0.0.1`, `127.0.1.1` and `::1` into the sensor's own address) nor unspecified (`0.0.0.0`, `::`: what the
/// plugin stores when an event has no such address).
func isHostAddressLiteral(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let address = address(bytes) else { return false }
    switch address {
    case .v4(let a): return a.0 != 127 && !(a.0 == 0 && a.1 == 0 && a.2 == 0 && a.3 == 0)
    case .v6(let b):
        let head = b.prefix(10).allSatisfy { $0 == 0 }
        if head, b[10] == 0xFF, b[11] == 0xFF { return b[12] != 127 && !b.suffix(4).allSatisfy { $0 == 0 } }  // ::ffff:a.b.c.d
        let zeros = b.prefix(15).allSatisfy { $0 == 0 }
        return !(zeros && (b[15] == 0 || b[15] == 1))  // `::`, `::1`
    }
}

private enum Address {
    case v4((UInt8, UInt8, UInt8, UInt8))
    case v6([UInt8])
}

/// The address `inet_pton` reads from the UTF-8 `bytes`, if they are a literal.
private func address(_ bytes: UnsafeBufferPointer<UInt8>) -> Address? {
    // No literal is longer than 45 bytes; an embedded NUL would end the C string early.
    guard let source = bytes.baseAddress, bytes.count <= 45, !bytes.contains(0) else { return nil }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { text in
        let p = text.baseAddress!
        UnsafeMutableRawPointer(p).copyMemory(from: source, byteCount: bytes.count)
        p[bytes.count] = 0
        var v4 = in_addr()
        if inet_pton(AF_INET, p, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { .v4(($0[0], $0[1], $0[2], $0[3])) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, p, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { .v6(Array($0)) }
        }
        return nil
    }
}
