import Foundation

/// Raw syslog messages, as the test daemon (``RsyslogServer``) wrote them, split into header and line.
public struct ReceivedMessage: Sendable {
    public var header: String
    public var priority: Int
    public var tag: String
    public var processID: Int
    public var hostname: String?
    public var line: String

    /// `<PRI>Mmm dd HH:MM:SS tag[pid]: line` (glibc's `syslog()`, with `hostname`: RFC 3164).
    public init?(bsd raw: String, withHostname: Bool) {
        let pattern = withHostname
            ? #/^<(\d{1,3})>[A-Z][a-z]{2} [ 1-3]\d \d\d:\d\d:\d\d ([!-~]+) ([A-Za-z0-9._\/-]+)\[(\d+)\]: /#
            : #/^<(\d{1,3})>[A-Z][a-z]{2} [ 1-3]\d \d\d:\d\d:\d\d ()([A-Za-z0-9._\/-]+)\[(\d+)\]: /#
        let head = raw.prefix(400)
        guard let match = try? pattern.prefixMatch(in: head) else { return nil }
        header = String(match.output.0)
        priority = Int(match.output.1)!
        hostname = withHostname ? String(match.output.2) : nil
        tag = String(match.output.3)
        processID = Int(match.output.4)!
        line = String(raw.dropFirst(header.count))
    }

    /// `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID - - line` (RFC 5424).
    public init?(rfc5424 raw: String) {
        let pattern = #/^<(\d{1,3})>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z ([!-~]+) ([!-~]+) (\d+) - - /#
        guard let match = try? pattern.prefixMatch(in: raw.prefix(400)) else { return nil }
        header = String(match.output.0)
        priority = Int(match.output.1)!
        hostname = String(match.output.2)
        tag = String(match.output.3)
        processID = Int(match.output.4)!
        line = String(raw.dropFirst(header.count))
    }
}
