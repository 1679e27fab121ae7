/// The header a remote syslog sink puts before each line.
public enum SyslogHeaderFormat: String, Sendable, CaseIterable {
    /// `<PRI>1 2016-08-22T16:24:30.726000Z host app-name procid - - ` (RFC 5424, UTC).
    case rfc5424
    /// `<PRI>Aug 22 16:24:30 host tag[pid]: ` (RFC 3164, local time).
    case rfc3164

    /// Reads `rfc5424` or `rfc3164` (any case).
    public init(validating text: String) throws(SyslogOptionError) {
        guard let format = Self(rawValue: text.lowercased()) else { throw SyslogOptionError(.unknownHeaderFormat, text) }
        self = format
    }
}
