/// Facility and severity of the messages a syslog sink sends: `<PRI>` = facility × 8 + severity.
public struct SyslogPriority: Sendable, Hashable, CustomStringConvertible {
    public var facility: SyslogFacility
    public var severity: SyslogSeverity

    public init(facility: SyslogFacility, severity: SyslogSeverity) {
        self.facility = facility
        self.severity = severity
    }

    /// `user.info`, as the original connector and `syslog()` use by default.
    public static let `default` = SyslogPriority(facility: .user, severity: .info)

    /// The `<PRI>` value.
    public var value: Int { facility.rawValue * 8 + severity.rawValue }

    /// `facility.severity`, e.g. `local3.warning`.
    public var description: String { "\(facility.name).\(severity.name)" }

    /// Reads `facility.priority` (as the original connector took it) or `facility,priority`;
    /// a facility alone means priority `info`. Names are those of `<syslog.h>` (see ``SyslogFacility`` and
    /// ``SyslogSeverity``), in any case.
    public init(validating text: String) throws(SyslogOptionError) {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "," })
        guard (1...2).contains(parts.count), !parts[0].isEmpty else { throw SyslogOptionError(.malformedPriority, text) }
        guard let facility = SyslogFacility(name: String(parts[0])) else {
            throw SyslogOptionError(.unknownFacility, text, name: String(parts[0]))
        }
        var severity = SyslogSeverity.info
        if parts.count == 2 {
            guard let named = SyslogSeverity(name: String(parts[1])) else {
                throw SyslogOptionError(.unknownSeverity, text, name: String(parts[1]))
            }
            severity = named
        }
        self.init(facility: facility, severity: severity)
    }
}
