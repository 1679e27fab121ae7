#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether `text` is an IPv4 or IPv6 address literal as `inet_pton` reads them (no zone, no port).
func isIPAddressLiteral(_ text: String) -> Bool {
    let length = text.utf8.count
    guard length <= 45 else { return false }
    return text.withCString { p in
        guard strlen(p) == length else { return false }  // an embedded NUL would end the C string early
        var storage = in6_addr()
        return inet_pton(AF_INET, p, &storage) == 1 || inet_pton(AF_INET6, p, &storage) == 1
    }
}
