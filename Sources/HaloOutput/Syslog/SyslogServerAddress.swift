/// A remote syslog server: a host (name, IPv4, or IPv6 in brackets) and a port, 514 when left out.
public struct SyslogServerAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int = 514) {
        self.host = host
        self.port = port
    }

    /// Reads `HOST:PORT`, `HOST`, `[IPv6]:PORT` or `[IPv6]`.
    public init(validating text: String) throws(SyslogOptionError) {
        var host = Substring(text)
        var portText: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw SyslogOptionError(.malformedServer, text) }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw SyslogOptionError(.malformedServer, text) }
                portText = rest.dropFirst()
            }
        } else if let colon = host.lastIndex(of: ":") {
            guard host.firstIndex(of: ":") == colon else { throw SyslogOptionError(.malformedServer, text) }  // bare IPv6 needs brackets
            portText = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace }) else { throw SyslogOptionError(.malformedServer, text) }
        var port = 514
        if let portText {
            guard let number = Int(portText), (1...65_535).contains(number) else { throw SyslogOptionError(.malformedServer, text) }
            port = number
        }
        self.init(host: String(host), port: port)
    }

    /// `host:port`, with brackets around an IPv6 host.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
