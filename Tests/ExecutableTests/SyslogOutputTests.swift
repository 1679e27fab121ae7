import Foundation
import HaloConnector
import HaloEventsCommand
import HaloTesting
import Testing

/// The syslog flags of `halo-events` reach the syslog sinks: every event one datagram, with the
/// `--facility` priority, on the local socket or a remote server.
@Suite("Syslog outputs") struct SyslogOutputTests {
    /// The `externalId` (event id) of a CEF line: after a blank, never escaped (`=` in values is `\=`).
    static func externalID(_ message: String) -> String? {
        guard let range = message.range(of: " externalId=") else { return nil }
        return String(message[range.upperBound...].prefix { $0.isHexDigit })
    }

    @Test("--cefsyslog --syslog-socket --facility: one datagram per event, at that priority")
    func localSocket() throws {
        let sim = try SimulatorProcess(events: 300)
        defer { sim.stop() }
        let receiver = try DatagramReceiver(unixPath: sim.directory.file("log.sock"))
        let result = try HaloEventsProcess.run(
            sim.arguments(output: nil) + ["--cefsyslog", "--syslog-socket=\(receiver.address)", "--facility=local3.warning"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let messages = receiver.messages(waitingFor: 300, seconds: 10)
        #expect(messages.count == 300)
        #expect(messages.allSatisfy { $0.hasPrefix("<156>") && $0.contains(" halo-events[") && $0.contains("CEF:0|CloudPassage|CPHalo|") })
        #expect(try messages.compactMap(Self.externalID) == sim.truthIDs(account: 0))
    }

    @Test("--kvsyslog --syslog-server over UDP, RFC 3164 header")
    func remoteUDP() throws {
        let sim = try SimulatorProcess(events: 200, extra: ["--adversarial-share", "0"])
        defer { sim.stop() }
        let receiver = try DatagramReceiver()
        let result = try HaloEventsProcess.run(sim.arguments(output: nil) + [
            "--kvsyslog", "--syslog-server=\(receiver.address)", "--syslog-proto=udp", "--syslog-format=rfc3164",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let messages = receiver.messages(waitingFor: 200, seconds: 10)
        #expect(messages.count == 200)
        #expect(messages.allSatisfy { $0.hasPrefix("<14>") && $0.contains(" halo-events[") })
        let ids = try sim.truthIDs(account: 0)
        #expect(zip(messages, ids).allSatisfy { message, id in message.contains("id=\"\(id)\"") })
    }

    @Test("syslog flags without a syslog output, or in conflict, are usage errors", arguments: [
        (["--facility=local0.info"], "--facility applies only to a syslog output"),
        (["--cefsyslog", "--facility=local9.info"], "'local9' is not a syslog facility"),
        (["--cefsyslog", "--facility=user.loud"], "'loud' is not a syslog priority"),
        (["--cefsyslog", "--syslog-proto=tcp"], "apply only with --syslog-server"),
        (["--cefsyslog", "--syslog-server=h:1", "--syslog-socket=/x"], "not both"),
        (["--cefsyslog", "--syslog-server=h:99999"], "--syslog-server=h:99999"),
        (["--cefsyslog", "--syslog-server=h", "--syslog-proto=sctp"], "--syslog-proto=sctp"),
        (["--cefsyslog", "--syslog-server=h", "--syslog-format=rfc1"], "--syslog-format=rfc1"),
        (["--cefsyslog", "--syslog-udp-rate=100"], "apply only with --syslog-server"),
        (["--cefsyslog", "--syslog-server=h", "--syslog-udp-rate=100"], "--syslog-udp-rate applies only with --syslog-proto=udp"),
        (["--cefsyslog", "--syslog-server=h", "--syslog-proto=udp", "--syslog-udp-rate=0"], "--syslog-udp-rate=0: at least 1"),
        (["--syslog-udp-rate=100"], "--syslog-udp-rate applies only to a syslog output"),
        (["--cefsyslog", "--kvsyslog"], "choose one output"),
        (["--txtsyslog", "--ceffile=/tmp/x"], "choose one output"),
    ])
    func usage(_ arguments: [String], _ expected: String) throws {
        let result = try HaloEventsProcess.run(arguments, timeout: 30)
        #expect(result.status == ExitStatus.usage.rawValue)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }
}
