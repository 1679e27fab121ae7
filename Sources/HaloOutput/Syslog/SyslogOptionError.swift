/// Why a text given for a syslog setting (priority, server, transport, header format) was refused.
///
/// ``description`` says what is wrong with the value and what is allowed, without naming where it came
/// from: a command line puts its option's name before it.
public struct SyslogOptionError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// A priority that is not `facility.priority`, `facility,priority` or `facility`.
        case malformedPriority
        /// A priority whose facility ``SyslogOptionError/name`` is not one of ``SyslogFacility``.
        case unknownFacility
        /// A priority whose severity ``SyslogOptionError/name`` is not one of ``SyslogSeverity``.
        case unknownSeverity
        /// A server that is not `HOST`, `HOST:PORT`, `[IPv6]` or `[IPv6]:PORT` with a port of 1-65535.
        case malformedServer
        /// A transport other than ``SyslogTransport/udp`` and ``SyslogTransport/tcp``.
        case unknownTransport
        /// A header format other than those of ``SyslogHeaderFormat``.
        case unknownHeaderFormat
    }

    public var code: Code
    /// The text refused, as given.
    public var text: String
    /// The part of ``text`` that names nothing known (the facility or severity), if the code says which.
    public var name: String?

    public init(_ code: Code, _ text: String, name: String? = nil) {
        self.code = code
        self.text = text
        self.name = name
    }

    /// What is wrong and what is allowed, e.g. `'local9' is not a syslog facility; use one of: kern user …`.
    public var description: String {
        switch code {
        case .malformedPriority:
            return "expected facility.priority (e.g. local0.info) or facility,priority"
        case .unknownFacility:
            let facilities = SyslogFacility.allCases.map(\.name).joined(separator: " ")
            return "'\(name ?? text)' is not a syslog facility; use one of: \(facilities)"
        case .unknownSeverity:
            let severities = SyslogSeverity.allCases.map(\.name).joined(separator: " ")
            return "'\(name ?? text)' is not a syslog priority; use one of: \(severities) (or the aliases panic, error, warn)"
        case .malformedServer:
            return "expected HOST:PORT (e.g. 10.0.0.5:514, siem.example.com:6514, [2001:db8::5]:514)"
        case .unknownTransport:
            return "expected " + SyslogTransport.allCases.map(\.rawValue).joined(separator: " or ")
        case .unknownHeaderFormat:
            return "expected " + SyslogHeaderFormat.allCases.map(\.rawValue).joined(separator: " or ")
        }
    }
}
