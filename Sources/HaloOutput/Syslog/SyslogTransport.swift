/// How messages travel to a remote syslog server.
public enum SyslogTransport: String, Sendable, CaseIterable {
    case udp, tcp

    /// Reads `udp` or `tcp` (any case).
    public init(validating text: String) throws(SyslogOptionError) {
        guard let transport = Self(rawValue: text.lowercased()) else { throw SyslogOptionError(.unknownTransport, text) }
        self = transport
    }
}
