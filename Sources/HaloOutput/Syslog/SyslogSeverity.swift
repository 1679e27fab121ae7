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
