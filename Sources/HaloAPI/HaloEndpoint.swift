#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the Halo API is: scheme, host, port and an optional path prefix (for a gateway in front of it).
///
/// Plain `http://` is accepted only for a loopback host (the emulator, a local tunnel); anything else must be
/// `https://`, and its certificate is always verified.
public struct HaloEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Why a URL is not a usable endpoint.
    public enum Problem: Error, Sendable, Hashable {
        /// Not a URL with a host.
        case notAURL
        /// The scheme is neither https nor http.
        case unsupportedScheme
        /// The URL carries a user, a query or a fragment.
        case extraParts
        /// The port is out of 1...65535.
        case portOutOfRange(Int)
        /// Plain http to a host that is not loopback.
        case plainHTTPOffHost
    }

    public let scheme: String
    public let host: String
    public let port: Int
    public let pathPrefix: String

    /// Halo's public API, `https://api.cloudpassage.com` (port 443).
    public static let halo = try! HaloEndpoint(url: "https://api.cloudpassage.com")

    /// Parses a base URL (which may carry a port) and applies `port` over it.
    public init(url: String, port: Int? = nil) throws(Problem) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let rawHost = components.host, !rawHost.isEmpty
        else { throw .notAURL }
        guard scheme == "https" || scheme == "http" else { throw .unsupportedScheme }
        guard components.user == nil, components.password == nil, components.query == nil, components.fragment == nil
        else { throw .extraParts }
        let host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
        let chosenPort = port ?? components.port ?? (scheme == "https" ? 443 : 80)
        guard (1...65535).contains(chosenPort) else { throw .portOutOfRange(chosenPort) }
        if scheme == "http" && !HaloEndpoint.isLoopback(host) { throw .plainHTTPOffHost }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        self.scheme = scheme
        self.host = host
        self.port = chosenPort
        self.pathPrefix = path
    }

    /// `scheme://host:port/prefix`, without a trailing slash.
    public var baseURL: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart):\(port)\(pathPrefix)"
    }

    public var description: String { baseURL }

    /// `localhost`, 127.0.0.0/8 or ::1.
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in UInt8(part) != nil }
    }
}
