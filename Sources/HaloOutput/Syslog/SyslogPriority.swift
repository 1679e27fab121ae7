/// A syslog facility, with the numbers and names of `<syslog.h>`.
public enum SyslogFacility: Int, Sendable, CaseIterable {
    case kern = 0, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp
    case local0 = 16, local1, local2, local3, local4, local5, local6, local7

    /// The name `<syslog.h>` and syslog.conf use.
    public var name: String { "\(self)" }

    /// The facility called `name` (any case); `security` is glibc's old alias of `auth`.
    public init?(name: String) {
        let name = name.lowercased()
        if name == "security" {
            self = .auth
            return
        }
        guard let facility = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = facility
    }
}

/// A syslog severity (level), with the numbers and names of `<syslog.h>`.
public enum SyslogSeverity: Int, Sendable, CaseIterable {
    case emerg = 0, alert, crit, err, warning, notice, info, debug

    /// The name `<syslog.h>` and syslog.conf use.
    public var name: String { "\(self)" }

    /// The severity called `name` (any case), including glibc's aliases `panic` (emerg), `error` (err)
    /// and `warn` (warning).
    public init?(name: String) {
        switch name.lowercased() {
        case "panic": self = .emerg
        case "error": self = .err
        case "warn": self = .warning
        case let name:
            guard let severity = Self.allCases.first(where: { $0.name == name }) else { return nil }
            self = severity
        }
    }
}

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

    /// Reads a `--facility` value: `facility.priority` as in the original connector, or `facility,priority`;
    /// a facility alone means priority `info`. Names are those of `<syslog.h>` (see ``SyslogFacility`` and
    /// ``SyslogSeverity``), in any case.
    public init(parsing text: String) throws(SyslogPriorityError) {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "," })
        guard (1...2).contains(parts.count), !parts[0].isEmpty else { throw .malformed(text) }
        guard let facility = SyslogFacility(name: String(parts[0])) else {
            throw .unknownFacility(String(parts[0]), in: text)
        }
        var severity = SyslogSeverity.info
        if parts.count == 2 {
            guard let named = SyslogSeverity(name: String(parts[1])) else {
                throw .unknownSeverity(String(parts[1]), in: text)
            }
            severity = named
        }
        self.init(facility: facility, severity: severity)
    }
}

/// Why a `--facility` value was refused.
public enum SyslogPriorityError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case unknownFacility(String, in: String)
    case unknownSeverity(String, in: String)

    public var description: String {
        let facilities = SyslogFacility.allCases.map(\.name).joined(separator: " ")
        let severities = SyslogSeverity.allCases.map(\.name).joined(separator: " ")
        switch self {
        case .malformed(let text):
            return "--facility=\(text): expected facility.priority (e.g. local0.info) or facility,priority"
        case .unknownFacility(let name, let text):
            return "--facility=\(text): '\(name)' is not a syslog facility; use one of: \(facilities)"
        case .unknownSeverity(let name, let text):
            return "--facility=\(text): '\(name)' is not a syslog priority; use one of: \(severities)"
                + " (or the aliases panic, error, warn)"
        }
    }
}
