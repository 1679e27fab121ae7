import Foundation
import HaloModel
import HaloSIDMap
import HaloTesting
import Testing
@testable import HaloOutput

/// Each syslog flag of the real `halo-events` to each kind of syslog destination (a private unix socket,
/// UDP, TCP), with both remote headers and both `--facility` spellings, against the real `halo-sim` and a
/// real rsyslogd: every event of the emulator's truth arrives once, in order, at the priority asked for,
/// byte for byte the line its format gives for it (behind the length rule: `--syslog-max-size`, 8096 by default).
@Suite("Syslog flags end to end", .serialized) struct SyslogFlagsEndToEndTests {
    enum Flag: String, CaseIterable {
        case cefsyslog, leefsyslog, kvsyslog, txtsyslog

        var formatter: any EventFormatter {
            switch self {
            case .cefsyslog: CEFFormatter()
            case .leefsyslog: LEEFFormatter()
            case .kvsyslog: KeyValueFormatter()
            case .txtsyslog: TextFormatter()
            }
        }

        /// Whether `line`, the line of `event`, is in this flag's format.
        func isInFormat(_ line: String, of event: HaloEvent) -> Bool {
            switch self {
            case .cefsyslog: line.hasPrefix("CEF:0|CloudPassage|CPHalo|")
            case .leefsyslog: line.hasPrefix("LEEF:1.0|CloudPassage|CPHalo|")
            case .kvsyslog: line.contains("id=\"\(event.id ?? "")\"")
            case .txtsyslog: line.hasPrefix("At \(event.createdAtText ?? "") - ")
            }
        }
    }

    enum Destination: String, CaseIterable {
        case socket, udp, tcp
    }

    enum Header {
        case local, rfc5424, rfc3164
    }

    /// The flags of one run besides the output flag, the header it must get, and its `<PRI>`, worked out
    /// by hand from `<syslog.h>` (facility × 8 + severity). Over the table, every flag goes out with both
    /// remote headers (RFC 5424 also by default), both spellings of `--facility`, the default priority, and
    /// TCP both by default and asked for.
    static func run(_ flag: Flag, to destination: Destination) -> (arguments: [String], header: Header, priority: Int) {
        switch (flag, destination) {
        case (.cefsyslog, .socket): (["--facility=local3.warning"], .local, 19 * 8 + 4)
        case (.cefsyslog, .udp): (["--syslog-proto=udp"], .rfc5424, 1 * 8 + 6)
        case (.cefsyslog, .tcp): (["--syslog-proto=tcp", "--syslog-format=rfc3164", "--facility=auth,crit"], .rfc3164, 4 * 8 + 2)
        case (.leefsyslog, .socket): (["--facility=local7,debug"], .local, 23 * 8 + 7)
        case (.leefsyslog, .udp): (["--syslog-proto=udp", "--syslog-format=rfc3164", "--facility=daemon.err"], .rfc3164, 3 * 8 + 3)
        case (.leefsyslog, .tcp): (["--syslog-proto=tcp", "--facility=local0,notice", "--syslog-max-size=\(RsyslogServer.largeMessageSize)"], .rfc5424, 16 * 8 + 5)
        case (.kvsyslog, .socket): ([], .local, 1 * 8 + 6)
        case (.kvsyslog, .udp): (["--syslog-proto=udp", "--syslog-format=rfc5424", "--facility=local5,info"], .rfc5424, 21 * 8 + 6)
        case (.kvsyslog, .tcp): (["--syslog-proto=tcp", "--syslog-format=rfc3164", "--facility=user.alert"], .rfc3164, 1 * 8 + 1)
        case (.txtsyslog, .socket): (["--facility=authpriv.info"], .local, 10 * 8 + 6)
        case (.txtsyslog, .udp): (["--syslog-proto=udp", "--syslog-format=rfc3164", "--facility=local1,warning", "--syslog-max-size=60000"], .rfc3164, 17 * 8 + 4)
        case (.txtsyslog, .tcp): (["--facility=ftp.err"], .rfc5424, 11 * 8 + 3)
        }
    }

    @Test(arguments: Flag.allCases, Destination.allCases)
    func everyEventArrivesOnceIntactAtItsPriority(flag: Flag, destination: Destination) throws {
        let daemon = try RsyslogServer()
        try daemon.start()
        let sim = try SimulatorProcess(events: 250, seed: 0x5157, extra: ["--adversarial-share", "0.3", "--old-style-share", "0.2"])
        defer { sim.stop() }
        let (arguments, header, priority) = Self.run(flag, to: destination)
        let target = switch destination {
        case .socket: "--syslog-socket=\(daemon.socketPath)"
        case .udp: "--syslog-server=127.0.0.1:\(daemon.udpPort)"
        case .tcp: "--syslog-server=127.0.0.1:\(daemon.tcpPort)"
        }
        let process = try HaloEventsProcess.start(sim.arguments(output: nil) + ["--\(flag)", target] + arguments)
        let result = try process.wait(timeout: 120)
        try #require(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)

        let events = try sim.truth(account: 0)
        try #require(!events.isEmpty)
        let resolver = SIDResolver.builtIn
        let lines = events.map { flag.formatter.line(for: $0, as: resolver.classify($0)) }
        // Only this run's messages carry its process id in their header.
        let token = header == .rfc5424 ? " halo-events \(process.pid) - - " : " halo-events[\(process.pid)]: "
        let received = daemon.waitForLines(containing: token, count: lines.count)
        try #require(received.count == lines.count, "received \(received.count) of \(lines.count): \(daemon.diagnostics())")
        let hostname = Self.hostname()
        // The length rule applies on every destination: the default limit, or the one the run was given.
        let limit = arguments.first { $0.hasPrefix("--syslog-max-size=") }.flatMap { Int($0.dropFirst(18)) } ?? SyslogTruncation.defaultLimit
        for (n, (raw, line)) in zip(received, lines).enumerated() {
            let parsed = switch header {
            case .local: ReceivedMessage(bsd: raw, withHostname: false)
            case .rfc3164: ReceivedMessage(bsd: raw, withHostname: true)
            case .rfc5424: ReceivedMessage(rfc5424: raw)
            }
            let message = try #require(parsed, "message \(n): bad header: \(raw.prefix(120))")
            #expect(message.priority == priority, "message \(n)")
            #expect(message.tag == "halo-events", "message \(n)")
            #expect(message.processID == Int(process.pid), "message \(n)")
            if header != .local { #expect(message.hostname == hostname, "message \(n)") }
            #expect(flag.isInFormat(line, of: events[n]), "event \(n): \(line.prefix(120))")
            let expected = SyslogTruncation.message(header: message.header, line: line, limit: limit)
            #expect(Array(raw.utf8) == expected, "event \(n) (\(events[n].id ?? "")) differs: \(raw.prefix(160))")
        }
    }

    /// This machine's name as `gethostname` gives it: what a remote header carries.
    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
