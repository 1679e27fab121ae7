/// The rule for a syslog message longer than its sink's limit (every syslog sink: the local socket, UDP
/// and TCP). Splitting is not allowed, and neither is leaving the cut to the receiver: a receiver that cuts
/// a message at its own limit may pass the rest on as a message of its own (rsyslog does, over TCP), so
/// one event would become two and its text could pose as an event. The message is truncated, and says so:
///
/// The header is kept whole. The line is cut at the last point that fits, moved back so that it falls
/// neither inside a UTF-8 character nor inside a backslash escape (`\x`, `\uXXXX`, `\UXXXXXXXX`), and
/// ` [truncated: N bytes dropped]` is appended, N counting the bytes of the line that were dropped. The
/// datagram is then at most `limit` bytes long and still one line.
public enum SyslogTruncation {
    /// The smallest limit accepted: RFC 5426 requires every receiver to take 480-byte messages.
    public static let minimumLimit = 480
    /// The sinks' limit unless told otherwise: rsyslog's default `maxMessageSize`, 8096 bytes (its "8k").
    public static let defaultLimit = 8096
    /// The largest message UDP carries over IPv4.
    public static let udpLimit = 65_507

    /// The marker appended to a truncated line.
    static func marker(droppedBytes: Int) -> String { " [truncated: \(droppedBytes) bytes dropped]" }

    /// `header` + `line`, truncated by the rule when longer than `limit` bytes.
    static func message(header: String, line: String, limit: Int) -> [UInt8] {
        let header = Array(header.utf8)
        let line = Array(line.utf8)
        let limit = max(limit, minimumLimit)
        guard header.count + line.count > limit else { return header + line }
        // Room for the line when the marker is as long as it can get for this line.
        let room = max(0, limit - header.count - marker(droppedBytes: line.count).utf8.count)
        let kept = safeCut(line, atMost: room)
        return header + line[..<kept] + Array(marker(droppedBytes: line.count - kept).utf8)
    }

    /// The largest length ≤ `limit` at which `bytes` can be cut without splitting a UTF-8 character or
    /// a backslash escape.
    static func safeCut(_ bytes: [UInt8], atMost limit: Int) -> Int {
        var cut = min(limit, bytes.count)
        while cut > 0, cut < bytes.count, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        var i = 0
        while i < cut {
            guard bytes[i] == UInt8(ascii: "\\") else {
                i += 1
                continue
            }
            let next = i + 1 < bytes.count ? bytes[i + 1] : 0
            let length = next == UInt8(ascii: "u") ? 6 : next == UInt8(ascii: "U") ? 10 : 2
            if i + length > cut { return i }
            i += length
        }
        return cut
    }
}
