import Foundation
import HaloTesting

/// `halo-sidbuilder test-plugin --events` run on a log: the events the plugin made of it, as ossim-agent
/// would, and its summary.
struct PluginRun {
    /// One parsed event's fields (`plugin_sid`, `src_ip`, `dst_ip`, `username`, `date`, `userdata5`, …).
    let events: [[String: String]]
    let summary: String
    let status: Int32

    init(plugin: String, log: String, sidbuilder: String = SIDBuilderProcess.path) throws {
        let result = try runProcess(sidbuilder, ["test-plugin", "--plugin", plugin, "--events", log], timeout: 300)
        status = result.status
        var events: [[String: String]] = []
        var summary = ""
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("{"), let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                events.append(object.compactMapValues { $0 as? String ?? ($0 as? NSNumber)?.stringValue })
            } else {
                summary += line + "\n"
            }
        }
        self.events = events
        self.summary = summary + result.stderr
    }
}

/// What a value captured from a CEF extension reads as once the CEF escapes are undone.
func cefUnescaped(_ value: String) -> String {
    var out = String.UnicodeScalarView()
    var scalars = value.unicodeScalars.makeIterator()
    while let c = scalars.next() {
        guard c == "\\", let next = scalars.next() else { out.append(c); continue }
        switch next {
        case "n": out.append("\n")
        case "r": out.append("\r")
        case "t": out.append("\t")
        case "u":
            var hex = ""
            for _ in 0..<4 { if let h = scalars.next() { hex.unicodeScalars.append(h) } }
            if let scalar = UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) { out.append(scalar) } else { out.append(contentsOf: ("\\u" + hex).unicodeScalars) }
        default: out.append(next)
        }
    }
    return String(out)
}

/// Whether `text` is an IPv4 or IPv6 address literal, by the C library's `inet_pton`.
func isIPAddress(_ text: String) -> Bool {
    var v4 = in_addr(), v6 = in6_addr()
    return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
}
