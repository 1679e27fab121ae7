import HaloPlatform

/// Whether `text` is an IPv4 or IPv6 address literal as `inet_pton` reads them (no zone, no port).
func isIPAddressLiteral(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { isIPAddressLiteral($0) }
}

/// Whether the UTF-8 `bytes` are an IPv4 or IPv6 address literal as `inet_pton` reads them.
func isIPAddressLiteral(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    // No literal is longer than 45 bytes; an embedded NUL would end the C string early.
    guard let source = bytes.baseAddress, bytes.count <= 45, !bytes.contains(0) else { return false }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { text in
        let p = text.baseAddress!
        UnsafeMutableRawPointer(p).copyMemory(from: source, byteCount: bytes.count)
        p[bytes.count] = 0
        var storage = in6_addr()
        return inet_pton(AF_INET, p, &storage) == 1 || inet_pton(AF_INET6, p, &storage) == 1
    }
}
