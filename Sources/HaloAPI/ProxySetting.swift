import Foundation

/// `--proxy`: an HTTP(S) proxy the API is reached through (CONNECT for https), as `host:port`,
/// `http://host:port` or `http://user:password@host:port`. The password is never shown.
public struct ProxySetting: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: Int
    let username: String?
    let password: String?

    public init(_ text: String) throws(UsageError) {
        let withScheme = text.contains("://") ? text : "http://" + text
        guard let c = URLComponents(string: withScheme), let host = c.host, !host.isEmpty, let port = c.port else {
            throw UsageError("--proxy: expected host:port or http://[user:password@]host:port")
        }
        guard c.scheme?.lowercased() == "http" else {
            throw UsageError("--proxy: only http:// proxies are supported (https to the API goes through them with CONNECT)")
        }
        guard (1...65535).contains(port) else { throw UsageError("--proxy: port \(port) is out of range") }
        guard c.path.isEmpty || c.path == "/", c.query == nil else { throw UsageError("--proxy: give only [user:password@]host:port") }
        self.host = host
        self.port = port
        username = c.user.map { $0.removingPercentEncoding ?? $0 }
        password = c.password.map { $0.removingPercentEncoding ?? $0 }
    }

    public var description: String { "\(username.map { "\($0):***@" } ?? "")\(host):\(port)" }
}
