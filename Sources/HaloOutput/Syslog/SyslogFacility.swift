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
