import Foundation
import HaloModel
import HaloSIDMap
import HaloSimulator
import HaloTesting
import Testing
@testable import HaloOutput

/// The CEF line and the committed OSSIM plugin (`plugin/cloudpassage-halo.cfg`, generated from
/// `docs/cef-line.md` by the SID builder) agree: the real `halo-sidbuilder test-plugin` reads every line
/// the CEF formatter writes, alone or behind either syslog header, into the right SID, addresses, user
/// and date, and makes no extra events.
@Suite struct PluginContractTests {
    /// Emulator events (every type, legacy names, 30 % hostile values) and this suite's hostile events.
    static func events() -> [HaloEvent] {
        var configuration = SimulatorConfiguration()
        configuration.accounts = 1
        configuration.eventsPerAccount = 1500
        configuration.seed = 0xC0FFEE
        configuration.adversarialShare = 0.3
        configuration.oldStyleShare = 0.2
        var random = SeededRandom(seed: 0x9106)
        return SimulatedEventLog(configuration: configuration, account: 0).map(\.event) + (0..<500).map { _ in TestEvents.hostile(&random) }
    }

    @Test func thePluginReadsEveryFieldOfEveryCEFLine() throws {
        let events = Self.events()
        let resolver = SIDResolver.builtIn
        let formatter = CEFFormatter()
        let time = try #require(HaloTimestamp(iso8601: "2016-08-02T16:24:30.726Z"))
        let headers = [
            "",
            SyslogHeader(style: .local, priority: .default, tag: "halo-events", processID: 4242).text(at: time),
            SyslogHeader(style: .rfc3164(hostname: "sensor-1"), priority: .default, tag: "halo-events", processID: 4242).text(at: time),
            SyslogHeader(style: .rfc5424(hostname: "sensor-1"), priority: .default, tag: "halo-events", processID: 4242).text(at: time),
        ]
        let lines = events.enumerated().map { n, event in headers[n % headers.count] + formatter.line(for: event, as: resolver.classify(event)) }
        let directory = try TemporaryDirectory("plugin-contract")
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory.file("halo.log"), atomically: true, encoding: .utf8)

        let result = try runProcess(SIDBuilderProcess.path, [
            "test-plugin", "--plugin", TestPaths.repoRoot.appendingPathComponent("plugin/cloudpassage-halo.cfg").path,
            "--events", directory.file("halo.log"),
        ], timeout: 300)
        #expect(result.status == 0, "\(result.stderr)\n\(result.stdout.split(separator: "\n").filter { !$0.hasPrefix("{") }.prefix(20).joined(separator: "\n"))")
        // (JSONDecoder, not JSONSerialization: the latter drops a U+FEFF that starts a string.)
        let parsed = try result.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }.map { text in
            try JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8)).compactMapValues(\.text)
        }
        try #require(parsed.count == lines.count, "\(parsed.count) events from \(lines.count) lines")

        for (n, fields) in parsed.enumerated() {
            let event = events[n]
            try #require(fields["line"] == String(n + 1), "events out of order at \(n)")
            let context = "line \(n + 1): \(lines[n].prefix(300))"
            #expect(fields["plugin_sid"] == String(resolver.classify(event).sid), "\(context)")
            let src = Expect.value(event, "actor_ip_address").flatMap { Expect.isIPLiteral($0) ? $0 : nil }
            #expect(fields["src_ip"] == src, "\(context)")
            let dst = (Expect.value(event, "server_ip_address") ?? Expect.value(event, "server_primary_ip_address"))
                .flatMap { Expect.isIPLiteral($0) ? $0 : nil }
            #expect(fields["dst_ip"] == dst, "\(context)")
            // The agent keeps CEF escapes; read back, the user is exactly Halo's.
            let username = try fields["username"].map { try Unescape.decode(Substring($0), delimiters: ["="]) }
            #expect(username == Expect.value(event, "actor_username"), "\(context)")
            if let createdAt = Expect.value(event, "created_at").flatMap({ HaloTimestamp(iso8601: $0) }) {
                let c = createdAt.civil
                let date = String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute, c.second)
                #expect(fields["date"] == date, "\(context)")
            } else {
                #expect(fields["date"] != nil, "\(context)")
            }
        }
    }
}
