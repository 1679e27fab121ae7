import Foundation
import HaloPlatform
import HaloModel
import HaloTesting
import Testing
@testable import HaloOutput

/// Every syslog sink against a real rsyslogd (see `RsyslogServer`): every event arrives, intact, as one
/// message, even when the daemon dies, restarts or drops the connection in the middle of a batch.
@Suite(.serialized) struct SyslogSinkTests {
    static let formatters: [(String, any EventFormatter)] = [
        ("cef", CEFFormatter()), ("leef", LEEFFormatter()), ("kv", KeyValueFormatter()), ("text", TextFormatter()),
    ]

    /// Hostile events whose lines carry `token` (in `id`), formatted; some are 64 KiB or more.
    static func hostileLines(_ count: Int, token: String, seed: UInt64, formatter: any EventFormatter) -> [String] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { n in
            var event = TestEvents.hostile(&random)
            event.fields["id"] = .string("\(token)-\(n)")
            return formatter.line(for: event, as: EventClassification(sid: 100 + n, name: "Halo event", leefCategory: "server_events"))
        }
    }

    static func realisticLines(_ range: Range<Int>, token: String) -> [String] {
        range.map { CEFFormatter().line(for: TestEvents.realistic($0, tag: token), as: EventClassification(sid: 409, name: "Halo login failure")) }
    }

    static let fastRetry = RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(100), maxDelay: .seconds(2), attemptTimeout: .seconds(20), maxTotalTime: nil, jitter: false)

    @Test(arguments: formatters.map(\.0))
    func localSinkDeliversEveryLineOfEveryFormat(format: String) async throws {
        let server = try RsyslogServer()
        try server.start()
        let formatter = try #require(Self.formatters.first { $0.0 == format }?.1)
        let token = "local-\(format)-\(UUID().uuidString.prefix(8))"
        let lines = Self.hostileLines(150, token: token, seed: 0x10CA1, formatter: formatter)
        let configuration = LocalSyslogSink.Configuration(
            socketPath: server.socketPath, priority: try SyslogPriority(validating: "local4.notice"), tag: "halo-events")
        let sink = LocalSyslogSink(configuration)
        try await sink.write(batch: Array(lines[..<75]))
        try await sink.write(batch: Array(lines[75...]))
        try await sink.close()

        let received = server.waitForLines(containing: token, count: lines.count)
        try #require(received.count == lines.count, "received \(received.count) of \(lines.count): \(server.diagnostics())")
        for (raw, line) in zip(received, lines) {
            let message = try #require(ReceivedMessage(bsd: raw, withHostname: false), "bad header: \(raw.prefix(120))")
            #expect(message.priority == 20 * 8 + 5)
            #expect(message.tag == "halo-events")
            #expect(message.processID == Int(getpid()))
            let expected = SyslogTruncation.message(header: message.header, line: line, limit: configuration.maxMessageBytes)
            #expect(Array(raw.utf8) == expected, "line differs: \(line.prefix(120))")
        }
    }

    @Test func localSinkCarriesOnAcrossDaemonRestarts() async throws {
        let server = try RsyslogServer()
        try server.start()
        let token = "restart-local-\(UUID().uuidString.prefix(8))"
        let sink = LocalSyslogSink(.init(socketPath: server.socketPath, retry: Self.fastRetry))
        let batches = [Self.realisticLines(0..<50, token: token), Self.realisticLines(50..<100, token: token), Self.realisticLines(100..<150, token: token)]

        try await sink.write(batch: batches[0])
        #expect(server.waitForLines(containing: token, count: 50).count == 50)
        server.stop(signal: SIGKILL)
        try server.start()
        try await sink.write(batch: batches[1])  // the old socket is dead: the sink must reconnect
        #expect(server.waitForLines(containing: token, count: 100).count == 100)

        server.stop(signal: SIGTERM)
        let restart = Task.detached {
            try await Task.sleep(for: .milliseconds(700))
            try server.start()
        }
        try await sink.write(batch: batches[2])  // sent while the daemon is down: retried until it is back
        try await restart.value
        try await sink.close()
        let received = server.waitForLines(containing: token, count: 150).compactMap { ReceivedMessage(bsd: $0, withHostname: false)?.line }
        #expect(received == batches.flatMap { $0 })
    }

    /// Every format over TCP behind either header, the sink's limit raised to the receiver's: each message
    /// arrives byte for byte (LEEF's raw TABs too: `RsyslogServer` turns rsyslog's TAB escaping off, as
    /// `docs/formats.md` tells LEEF users to), also far beyond any datagram.
    @Test(arguments: formatters.map(\.0), [SyslogHeaderFormat.rfc5424, .rfc3164])
    func remoteTCPDeliversEveryLineWhole(format: String, header: SyslogHeaderFormat) async throws {
        let server = try RsyslogServer()
        try server.start()
        let formatter = try #require(Self.formatters.first { $0.0 == format }?.1)
        let token = "tcp-\(format)-\(header)-\(UUID().uuidString.prefix(8))"
        var lines = Self.hostileLines(200, token: token, seed: 0x7C9, formatter: formatter)
        for n in [20, 90, 160] {  // and some far beyond any datagram
            var event = TestEvents.realistic(1000 + n, tag: token)
            event.fields["message"] = .string(String(repeating: "big|=\\\n\t ", count: 10_000))
            lines.insert(formatter.line(for: event, as: .generic), at: n)
        }
        let sink = RemoteSyslogSink(.init(
            server: try SyslogServerAddress(validating: "127.0.0.1:\(server.tcpPort)"), transport: .tcp, format: header,
            priority: .default, appName: "halo-events", hostname: "sensor-1", maxMessageBytes: RsyslogServer.largeMessageSize))
        for start in stride(from: 0, to: lines.count, by: 50) {
            try await sink.write(batch: Array(lines[start..<min(start + 50, lines.count)]))
        }
        try await sink.close()

        let received = server.waitForLines(containing: token, count: lines.count)
        try #require(received.count == lines.count, "received \(received.count) of \(lines.count): \(server.diagnostics())")
        for (raw, line) in zip(received, lines) {
            let message = try #require(header == .rfc5424 ? ReceivedMessage(rfc5424: raw) : ReceivedMessage(bsd: raw, withHostname: true),
                                       "bad header: \(raw.prefix(120))")
            #expect(message.priority == 14)
            #expect(message.hostname == "sensor-1")
            #expect(message.tag == "halo-events")
            #expect(Array(raw.utf8) == Array((message.header + line).utf8), "line differs: \(line.prefix(120))")
        }
        #expect(lines.filter { $0.utf8.count > 65_536 }.count >= 3)  // no datagram limit on TCP: the biggest arrived whole
        if format == "leef" { #expect(received.allSatisfy { $0.contains("\t") }) }
    }

    @Test(arguments: formatters.map(\.0), [SyslogHeaderFormat.rfc5424, .rfc3164])
    func remoteUDPDeliversEveryLineAndTruncatesByTheRule(format: String, header: SyslogHeaderFormat) async throws {
        let server = try RsyslogServer()
        try server.start()
        let formatter = try #require(Self.formatters.first { $0.0 == format }?.1)
        let token = "udp-\(format)-\(header)-\(UUID().uuidString.prefix(8))"
        var random = SeededRandom(seed: 0xD6)
        let lines = (0..<300).map { n -> String in
            var event = TestEvents.realistic(n, tag: token)
            let padding = (0..<Int.random(in: 0...40, using: &random)).map { _ in TestEvents.hostilePieces.randomElement(using: &random)! }.joined()
            // The token starts the message too: the text line's id comes after it and may be cut off.
            event.fields["message"] = .string("\(token) m\(n) " + String(repeating: padding, count: n % 7 == 0 ? 300 : 1))
            return formatter.line(for: event, as: EventClassification(sid: 413, name: "Halo login success", leefCategory: "halo_users_and_authentication"))
        }
        let sink = RemoteSyslogSink(.init(server: .init(host: "127.0.0.1", port: server.udpPort), transport: .udp, format: header))
        for start in stride(from: 0, to: lines.count, by: 100) {
            try await sink.write(batch: Array(lines[start..<start + 100]))
        }
        try await sink.close()

        let received = server.waitForLines(containing: token, count: lines.count)
        try #require(received.count == lines.count, "received \(received.count) of \(lines.count)")
        let limit = sink.configuration.maxMessageBytes
        var truncated = 0
        for (raw, line) in zip(received, lines) {
            let message = try #require(header == .rfc5424 ? ReceivedMessage(rfc5424: raw) : ReceivedMessage(bsd: raw, withHostname: true))
            #expect(message.priority == 14)
            #expect(Array(raw.utf8) == SyslogTruncation.message(header: message.header, line: line, limit: limit), "line differs: \(line.prefix(120))")
            #expect(raw.utf8.count <= limit)
            let cut = message.header.utf8.count + line.utf8.count > limit
            #expect(raw.contains(" [truncated: ") == cut)
            if cut { truncated += 1 }
        }
        #expect(truncated > 0)
        if format == "leef" { #expect(received.allSatisfy { $0.contains("\t") }) }
    }

    /// To an rsyslogd left at its own `maxMessageSize` (8096 bytes, though its documentation says "8k"),
    /// which cuts a longer UDP message unmarked and passes the rest of a longer TCP frame on as messages of
    /// their own: with the sink's default limit every event is one message, whole or cut by the rule, and
    /// text posing as a CEF event deep inside a long value never becomes a message.
    @Test(arguments: [SyslogTransport.udp, .tcp])
    func remoteMessagesFitADefaultRsyslog(transport: SyslogTransport) async throws {
        let server = try RsyslogServer(maxMessageSize: nil)
        try server.start()
        let token = "\(transport)-default-\(UUID().uuidString.prefix(8))"
        let forged = "CEF:0|CloudPassage|CPHalo|1.0|409|forged|9|rt=Jan 01 2026 00:00:00 src=203.0.113.9 cat=forged-\(token)"
        let lines = (0..<60).map { n -> String in
            var event = TestEvents.realistic(n, tag: token)
            // Some short, the others on either side of the limit, with the forged header at shifting offsets.
            let filler = String(repeating: "x", count: n.isMultiple(of: 3) ? 100 : 7_300 + 9 * n)
            event.fields["message"] = .string(filler + "\n" + forged + " " + String(repeating: forged + " ", count: n % 5))
            return CEFFormatter().line(for: event, as: EventClassification(sid: 413, name: "Halo login success"))
        }
        let port = transport == .udp ? server.udpPort : server.tcpPort
        let sink = RemoteSyslogSink(.init(server: .init(host: "127.0.0.1", port: port), transport: transport))
        try await sink.write(batch: lines)
        try await sink.close()

        let received = server.waitForLines(containing: token, count: lines.count)
        try #require(received.count == lines.count, "received \(received.count) of \(lines.count): \(server.diagnostics())")
        var cut = 0, wholeNearTheLimit = 0
        for (raw, line) in zip(received, lines) {
            let message = try #require(ReceivedMessage(rfc5424: raw), "a message without its header: \(raw.prefix(120))")
            #expect(Array(raw.utf8) == SyslogTruncation.message(header: message.header, line: line, limit: sink.configuration.maxMessageBytes),
                    "\(message.header.utf8.count + line.utf8.count) bytes sent, \(raw.utf8.count) received")
            if raw.contains(" [truncated: ") { cut += 1 } else if raw.utf8.count > 7_900 { wholeNearTheLimit += 1 }
        }
        #expect(cut > 0 && wholeNearTheLimit > 0, "both sides of the limit were sent (\(cut) cut, \(wholeNearTheLimit) whole above 7 900 bytes)")
        let everything = try String(contentsOfFile: server.outputPath, encoding: .utf8).split(separator: "\n")
            .filter { !$0.contains(RsyslogServer.probeText) }
        #expect(everything.count == lines.count, "the daemon made \(everything.count) messages of \(lines.count) events: \(everything.filter { !$0.contains(token) }.map { $0.prefix(300) })")
        #expect(!everything.contains { $0.hasPrefix("CEF:") || $0.contains("cat=forged-\(token)") && !$0.hasPrefix("<") }, "no forged message")
    }

    @Test func remoteTCPLosesNothingWhenTheDaemonIsKilledAndRestarted() async throws {
        let server = try RsyslogServer()
        try server.start()
        let token = "kill-tcp-\(UUID().uuidString.prefix(8))"
        let sink = RemoteSyslogSink(.init(server: .init(host: "127.0.0.1", port: server.tcpPort), transport: .tcp, retry: Self.fastRetry))
        let batches = (0..<4).map { Self.realisticLines($0 * 100..<($0 + 1) * 100, token: token) }

        try await sink.write(batch: batches[0])
        #expect(server.waitForLines(containing: token, count: 100).count == 100)
        server.stop(signal: SIGKILL)  // the sink's connection now leads nowhere
        try server.start()
        try await sink.write(batch: batches[1])
        #expect(server.waitForLines(containing: token, count: 200).count >= 200)

        server.stop(signal: SIGKILL)
        let restart = Task.detached {
            try await Task.sleep(for: .milliseconds(700))
            try server.start()
        }
        try await sink.write(batch: batches[2])  // the daemon is down: refused, retried until it is back
        try await restart.value
        try await sink.write(batch: batches[3])
        try await sink.close()

        let expected = batches.flatMap { $0 }
        let received = server.waitForLines(containing: token, count: expected.count).compactMap { ReceivedMessage(rfc5424: $0)?.line }
        #expect(Set(received) == Set(expected), "missing: \(Set(expected).subtracting(received).count)")
        #expect(received.count == expected.count)  // nothing was even sent twice here
    }

    @Test func remoteTCPResendsABatchWhoseConnectionWasCutMidStream() async throws {
        let server = try RsyslogServer()
        try server.start()
        let proxy = try CuttingProxy(upstreamPort: server.tcpPort, cutAfter: 40)
        defer { proxy.stop() }
        let token = "cut-tcp-\(UUID().uuidString.prefix(8))"
        // 400 events of ~20 KiB: far more than the socket buffers hold, so the cut comes mid-batch.
        let lines = (0..<400).map { n -> String in
            var event = TestEvents.realistic(n, tag: token)
            event.fields["message"] = .string("m\(n) " + String(repeating: "payload|=\\ ", count: 1700))
            return CEFFormatter().line(for: event, as: .generic)
        }
        let sink = RemoteSyslogSink(.init(
            server: .init(host: "127.0.0.1", port: proxy.port), transport: .tcp, maxMessageBytes: RsyslogServer.largeMessageSize,
            retry: Self.fastRetry))
        try await sink.write(batch: lines)
        try await sink.close()

        #expect(proxy.forwardedBeforeCut == 40)
        #expect(proxy.connections == 2)
        let received = server.waitForLines(containing: token, count: lines.count + 40, timeout: 60).compactMap { ReceivedMessage(rfc5424: $0)?.line }
        #expect(Set(received) == Set(lines), "missing: \(Set(lines).subtracting(received).count)")
        // The first 40 went through before the cut and again with the resent batch: at least once.
        #expect(received.count == lines.count + 40)
    }

    @Test func aSinkThatCannotReachItsDaemonSaysWhereAndWhatToDo() async throws {
        let directory = try TemporaryDirectory("nosyslog")
        let local = LocalSyslogSink(.init(socketPath: directory.file("missing.sock"), retry: .init(maxAttempts: 2, baseDelay: .milliseconds(10), maxTotalTime: nil, jitter: false)))
        let localError = await #expect(throws: SyslogDeliveryError.self) { try await local.write(batch: ["x"]) }
        #expect(localError?.description.contains("unix socket \(directory.file("missing.sock"))") == true)
        #expect(localError?.attempts == 2)

        let port = try freeLoopbackPort(udp: false)
        let remote = RemoteSyslogSink(.init(server: .init(host: "127.0.0.1", port: port), transport: .tcp, retry: .init(maxAttempts: 3, baseDelay: .milliseconds(10), maxTotalTime: nil, jitter: false)))
        let remoteError = await #expect(throws: SyslogDeliveryError.self) { try await remote.write(batch: ["x"]) }
        #expect(remoteError?.description.contains("tcp 127.0.0.1:\(port)") == true)
        #expect(remoteError?.description.contains("checkpoint") == true)
    }
}
