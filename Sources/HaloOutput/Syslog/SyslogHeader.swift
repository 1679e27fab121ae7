import HaloModel
import HaloPlatform

/// Writes syslog headers. Every part of a header is printable ASCII without `|`, so a header can never be
/// mistaken for part of a CEF line.
struct SyslogHeader: Sendable {
    enum Style: Sendable {
        /// What glibc's `syslog()` sends to `/dev/log`: `<PRI>Aug 22 16:24:30 tag[pid]: `.
        case local
        case rfc3164(hostname: String)
        case rfc5424(hostname: String)
    }

    let style: Style
    let priority: SyslogPriority
    let tag: String
    let processID: Int32

    init(style: Style, priority: SyslogPriority, tag: String, processID: Int32) {
        switch style {
        case .local: self.style = .local
        case .rfc3164(let hostname): self.style = .rfc3164(hostname: Self.token(hostname, maxLength: 255) ?? "localhost")
        case .rfc5424(let hostname): self.style = .rfc5424(hostname: Self.token(hostname, maxLength: 255) ?? "-")
        }
        self.priority = priority
        self.tag = Self.token(tag, maxLength: 48) ?? "halo-events"
        self.processID = processID
    }

    /// The header of a message sent at `time`.
    func text(at time: HaloTimestamp) -> String {
        let pri = "<\(priority.value)>"
        switch style {
        case .local:
            return "\(pri)\(TimeText.rfc3164(time)) \(tag)[\(processID)]: "
        case .rfc3164(let hostname):
            return "\(pri)\(TimeText.rfc3164(time)) \(hostname) \(tag)[\(processID)]: "
        case .rfc5424(let hostname):
            return "\(pri)1 \(time.iso8601(fractionDigits: 6)) \(hostname) \(tag) \(processID) - - "
        }
    }

    /// Each line of `batch` behind the header of now, truncated by the ``SyslogTruncation`` rule when the
    /// message would be longer than `limit` bytes.
    func messages(_ batch: [String], limit: Int) -> [[UInt8]] {
        let prefix = text(at: TimeText.now())
        return batch.map { SyslogTruncation.message(header: prefix, line: $0, limit: limit) }
    }

    /// `text` as a header token: printable ASCII, with space, `|`, `[`, `]` and `:` (which would end or
    /// confuse the field) replaced by `_`, cut to `maxLength`; `nil` when empty.
    static func token(_ text: String, maxLength: Int) -> String? {
        let kept = text.unicodeScalars.prefix(maxLength).map { scalar -> Character in
            switch scalar.value {
            case 0x21...0x7E where !"|[]:".unicodeScalars.contains(scalar): Character(scalar)
            default: "_"
            }
        }
        return kept.isEmpty ? nil : String(kept)
    }

    /// This machine's host name, as `gethostname()` gives it.
    static func localHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
