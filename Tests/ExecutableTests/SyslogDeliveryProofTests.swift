import Foundation
import HaloOutput
import HaloTesting
import Testing

/// 100 000 events from the real `halo-events` reading the real `halo-sim` on 127.0.0.1, into a real rsyslogd
/// with default inputs (`imtcp`, `imudp` with the kernel's socket buffer, 8096-byte messages): every id of
/// the emulator's truth arrives, over the default transport (TCP) and over UDP at the default pacing.
@Suite("Syslog delivery of 100 000 events", .serialized) struct SyslogDeliveryProofTests {
    static let events = 100_000

    /// The `externalId` (event id) of a received CEF message.
    static func externalID(_ message: String) -> String? {
        guard let range = message.range(of: " externalId=") else { return nil }
        return String(message[range.upperBound...].prefix { $0.isHexDigit })
    }

    /// Runs `halo-events --cefsyslog --syslog-server=127.0.0.1:PORT <arguments>` over `Self.events`
    /// events; returns its stderr, the ids received (in order of receipt) and the run's seconds.
    static func run(_ arguments: [String], port: (RsyslogServer) -> Int) throws -> (stderr: String, ids: [String], truth: [String], seconds: Double) {
        let daemon = try RsyslogServer(maxMessageSize: nil, udpReceiveBuffer: nil)
        try daemon.start()
        let sim = try SimulatorProcess(events: events, seed: 0x5EED)
        defer { sim.stop() }
        let began = Date()
        let process = try HaloEventsProcess.start(
            sim.arguments(output: nil) + ["--cefsyslog", "--syslog-server=127.0.0.1:\(port(daemon))"] + arguments)
        let result = try process.wait(timeout: 300)
        let seconds = Date().timeIntervalSince(began)
        try #require(result.status == 0, "\(result.stderr)")
        // Only this run's messages carry its process id in their (RFC 5424) header.
        let token = " halo-events \(process.pid) - - "
        var received = daemon.lines(containing: token)
        let deadline = Date().addingTimeInterval(30)
        while received.count < events, Date() < deadline {
            usleep(500_000)
            received = daemon.lines(containing: token)
        }
        return (result.stderr, received.compactMap(externalID), try sim.truthIDs(account: 0), seconds)
    }

    @Test("over the default transport (TCP): all 100 000 received, once each, and the run says delivered")
    func defaultTransport() throws {
        let run = try Self.run([], port: \.tcpPort)
        #expect(run.truth.count == Self.events)
        #expect(run.ids.count == Self.events, "received \(run.ids.count) of \(Self.events)")
        #expect(Set(run.ids) == Set(run.truth), "missing \(Set(run.truth).subtracting(run.ids).count)")
        #expect(run.stderr.contains("ok, \(Self.events) events delivered"), "\(run.stderr)")
        print("TCP (default): \(run.ids.count) of \(Self.events) received in \(Int(run.seconds)) s")
    }

    @Test("over UDP at the default pacing: all 100 000 received on loopback, and the run says sent")
    func udpAtTheDefaultPacing() throws {
        let run = try Self.run(["--syslog-proto=udp"], port: \.udpPort)
        #expect(run.truth.count == Self.events)
        #expect(Set(run.ids) == Set(run.truth), "received \(Set(run.ids).count) of \(Self.events)")
        #expect(run.stderr.contains("ok, \(Self.events) events sent (unacknowledged)"), "\(run.stderr)")
        let rate = DatagramPacing.default.messagesPerSecond
        print("UDP at the default pacing (\(rate) messages/s): \(Set(run.ids).count) of \(Self.events) received; "
            + "the run took \(String(format: "%.1f", run.seconds)) s, \(Int(Double(Self.events) / run.seconds)) events/s")
    }
}
