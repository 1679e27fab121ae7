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
