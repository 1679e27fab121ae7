#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An HTTP(S) proxy the API is reached through (CONNECT for https), as `host:port`, `http://host:port` or
/// `http://user:password@host:port`. The password is never shown.
public struct ProxySetting: Sendable, Hashable, CustomStringConvertible {
    /// Why a text is not a proxy.
    public enum Problem: Error, Sendable, Hashable {
        /// Not `host:port` or `http://[user:password@]host:port`.
        case notHostAndPort
        /// Not an http:// proxy.
        case unsupportedScheme
        case portOutOfRange(Int)
        /// A path or a query after the port.
        case extraParts
    }

    /// Where a proxy setting came from.
    public enum Origin: Sendable, Hashable {
        /// Given by the caller (the command line).
        case given
        /// Taken from the environment variable `variable` (`https_proxy`, `HTTPS_PROXY`, …).
        case environment(variable: String)
    }

    public let host: String
    public let port: Int
    let username: String?
    let password: String?
    /// Where the setting came from.
    public let origin: Origin

    public init(_ text: String, origin: Origin = .given) throws(Problem) {
        let withScheme = text.contains("://") ? text : "http://" + text
        guard let c = URLComponents(string: withScheme), let host = c.host, !host.isEmpty, let port = c.port else {
            throw .notHostAndPort
        }
        guard c.scheme?.lowercased() == "http" else { throw .unsupportedScheme }
        guard (1...65535).contains(port) else { throw .portOutOfRange(port) }
        guard c.path.isEmpty || c.path == "/", c.query == nil else { throw .extraParts }
        self.host = host
        self.port = port
        username = c.user.map { Self.percentDecoded($0) ?? $0 }
        password = c.password.map { Self.percentDecoded($0) ?? $0 }
        self.origin = origin
    }

    /// `text` with every `%XX` replaced by its byte, or `nil` when a `%` starts no such escape or the bytes
    /// are not UTF-8 (Foundation's `removingPercentEncoding`).
    private static func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var rest = text.utf8[...]
        while let byte = rest.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard rest.count >= 2, let value = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
            rest = rest.dropFirst(2)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// `host:port`, without credentials.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public var description: String { "\(username.map { "\($0):***@" } ?? "")\(host):\(port)" }
}
