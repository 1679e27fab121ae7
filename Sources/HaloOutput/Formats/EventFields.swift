#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import HaloModel

extension HaloEvent {
    /// The field's text when it has a value: `nil` when missing, `null` or empty.
    func value(_ key: String) -> String? {
        guard let text = fields[key]?.text, !text.isEmpty else { return nil }
        return text
    }

    /// The first of `keys` that has a value (see ``value(_:)``).
    func value(_ first: String, else second: String) -> String? {
        value(first) ?? value(second)
    }
}

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
