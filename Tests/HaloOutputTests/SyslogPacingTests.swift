import Foundation
import HaloModel
import HaloTesting
import Testing
@testable import HaloOutput

/// UDP pacing: the schedule's arithmetic, and a real UDP sink to a real rsyslogd that takes as long as its
/// rate says and loses nothing.
@Suite(.serialized) struct SyslogPacingTests {
    @Test func slicesOfAMillisecondGoOutAtTheirPlaceInTheSchedule() {
        var schedule = PacingSchedule(DatagramPacing(messagesPerSecond: 5_000))
        #expect(schedule.pacing.slice == 5)
        let t0 = ContinuousClock.now
        #expect(schedule.book(5, now: t0) == t0)
        #expect(schedule.book(5, now: t0) == t0 + .milliseconds(1))  // the sender came back at once: it waits
        #expect(schedule.book(3, now: t0 + .microseconds(1_500)) == t0 + .milliseconds(2))
        #expect(schedule.book(5, now: t0 + .milliseconds(2)) == t0 + .microseconds(2_600))
    }

    @Test func anIdleSenderStartsAfreshWithoutABurst() {
        var schedule = PacingSchedule(DatagramPacing(messagesPerSecond: 500))
        #expect(schedule.pacing.slice == 1)
        let t0 = ContinuousClock.now
        #expect(schedule.book(1, now: t0) == t0)
        #expect(schedule.book(1, now: t0) == t0 + .milliseconds(2))
        // A second later (between batches) the schedule is far behind: the next datagram goes now, and
        // the one after it 2 ms later, not at once to catch up.
        let later = t0 + .seconds(1)
        #expect(schedule.book(1, now: later) == later)
        #expect(schedule.book(1, now: later) == later + .milliseconds(2))
    }

    @Test func aRateBelowOneIsOne() {
        #expect(DatagramPacing(messagesPerSecond: 0).messagesPerSecond == 1)
        #expect(DatagramPacing(messagesPerSecond: -5).slice == 1)
    }

    @Test func theGuaranteeFollowsTheTransport() {
        let server = SyslogServerAddress(host: "127.0.0.1", port: 9)
        #expect(RemoteSyslogSink(.init(server: server)).configuration.transport == .tcp)
        #expect(RemoteSyslogSink(.init(server: server)).guarantee == .atLeastOnce)
        #expect(RemoteSyslogSink(.init(server: server, transport: .udp)).guarantee == .sentUnacknowledged)
        #expect(LocalSyslogSink().guarantee == .atLeastOnce)
    }

    @Test func aPacedUDPSinkTakesTheTimeItsRateSaysAndLosesNothing() async throws {
        let server = try RsyslogServer(maxMessageSize: nil, udpReceiveBuffer: nil)
        try server.start()
        let token = "paced-\(UUID().uuidString.prefix(8))"
        let lines = (0..<1_500).map { CEFFormatter().line(for: TestEvents.realistic($0, tag: token), as: .generic) }
        let sink = RemoteSyslogSink(.init(
            server: .init(host: "127.0.0.1", port: server.udpPort), transport: .udp, udpPacing: DatagramPacing(messagesPerSecond: 2_000)))
        let began = ContinuousClock.now
        try await sink.write(batch: Array(lines[..<1_000]))
        try await sink.write(batch: Array(lines[1_000...]))
        let took = ContinuousClock.now - began
        try await sink.close()
        // 1 500 datagrams at 2 000 a second: 0.75 s at least (the first slice goes at once).
        #expect(took >= .milliseconds(740), "took \(took)")
        #expect(took < .seconds(10), "took \(took)")
        let received = server.waitForLines(containing: token, count: lines.count)
        #expect(received.count == lines.count, "received \(received.count) of \(lines.count)")
    }
}
