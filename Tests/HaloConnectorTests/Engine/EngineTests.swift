import Foundation
@testable import HaloConnector
import HaloModel
import HaloPlatform
import Synchronization
import Testing
import HaloTesting

/// The engine with in-memory edges: the data path, the one checkpoint writer, pending-batch recovery and
/// the cursor, without the network or the SID table.
@Suite("Engine with in-memory edges") struct EngineTests {
    /// A config directory with an auth file for `keys`.
    static func setUp(_ keys: [String]) throws -> (TemporaryDirectory, ConnectorConfiguration) {
        let directory = try TemporaryDirectory("engine")
        let auth = directory.file("haloEvents.auth")
        try Data(keys.map { "\($0)|secret-\($0)" }.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: auth))
        chmod(auth, 0o600)
        var configuration = ConnectorConfiguration(authFile: auth, configDirectory: directory.file("state"))
        configuration.batchSize = 50
        configuration.threads = 3
        // A day after the events of InMemory.events: they are all within Halo's 90 days and the horizon.
        configuration.now = { HaloTimestamp(microseconds: (1_700_000_000 + 86_400) * 1_000_000) }
        return (directory, configuration)
    }

    static func connector(
        _ configuration: ConnectorConfiguration, _ service: InMemory.Service, _ output: InMemory.Output,
        recorder: InMemory.Recorder? = nil, notices: NoticeLog = NoticeLog()
    ) -> Connector {
        Connector(
            configuration: configuration, formatter: InMemory.Formatter(), openOutput: { output },
            makeEventService: { service }, classifier: InMemory.Classifier(known: "lca_rule_failed"),
            unmapped: recorder, observer: RunObserver { notices.append($0) })
    }

    final class NoticeLog: Sendable {
        private let log = Mutex<[ConnectorNotice]>([])
        func append(_ notice: ConnectorNotice) { log.withLock { $0.append(notice) } }
        var all: [ConnectorNotice] { log.withLock { $0 } }
    }

    @Test("two accounts, bursts across pages and batches: every event once, checkpoints committed, output closed")
    func everyEventOnce() async throws {
        let (directory, configuration) = try Self.setUp(["k1", "k2"])
        defer { withExtendedLifetime(directory) {} }
        let events = ["k1": InMemory.events(1_234, perInstant: 9, prefix: "a"), "k2": InMemory.events(10_500, perInstant: 3, prefix: "b")]
        let service = InMemory.Service(sources: events.mapValues { InMemory.Source($0) })
        let output = InMemory.Output()
        let report = await Self.connector(configuration, service, output).run()
        guard case .completed = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(report.accounts.map(\.delivered) == [1_234, 10_500])
        let ids = output.lines.map { $0.split(separator: " ")[1] }
        #expect(ids.count == 11_734 && Set(ids).count == 11_734, "each event exactly once")
        #expect(output.closed)

        // The next run finds nothing new: the lookback window is read again and dropped.
        let again = InMemory.Output()
        let second = await Self.connector(configuration, service, again).run()
        #expect(again.lines.isEmpty && second.accounts.allSatisfy { $0.delivered == 0 && $0.repeats > 0 })
    }

    @Test("a failing page fails its account after the pages before it are delivered and committed; the next run goes on")
    func failingPage() async throws {
        let (directory, configuration) = try Self.setUp(["k1"])
        defer { withExtendedLifetime(directory) {} }
        let events = InMemory.events(1_000)
        let output = InMemory.Output()
        let failing = InMemory.Service(sources: ["k1": InMemory.Source(events, failing: 5)])
        let report = await Self.connector(configuration, failing, output).run()
        guard case .accountsFailed = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(report.accounts[0].failure is InMemory.Source.Refused)
        #expect(output.lines.count == report.accounts[0].delivered && output.lines.count >= 300, "pages 1-4 came before the failure")

        let rest = InMemory.Output()
        let second = await Self.connector(configuration, InMemory.Service(sources: ["k1": InMemory.Source(events)]), rest).run()
        guard case .completed = second.outcome else { Issue.record("\(second.outcome)"); return }
        #expect(Set(output.lines + rest.lines).count == 1_000 && output.lines.count + rest.lines.count == 1_000)
    }

    @Test("an output failure leaves the checkpoint at the last committed batch")
    func outputFailure() async throws {
        let (directory, configuration) = try Self.setUp(["k1"])
        defer { withExtendedLifetime(directory) {} }
        let events = InMemory.events(500)
        let service = InMemory.Service(sources: ["k1": InMemory.Source(events)])
        let broken = InMemory.Output(failing: 3)
        let report = await Self.connector(configuration, service, broken).run()
        #expect(report.accounts[0].failure is InMemory.Output.Broken)
        #expect(broken.lines.count == 100, "two batches of 50 were written and committed")
        let store = CheckpointStore(directory: configuration.configDirectory, authFile: configuration.authFile)
        let cursor = try #require(try store.load(keyID: "k1")).cursor
        #expect(cursor.newest == events[99].createdAt)

        let rest = InMemory.Output()
        _ = await Self.connector(configuration, service, rest).run()
        #expect(broken.lines + rest.lines == events.map { "409 \($0.id!)" }, "the third batch and the rest, once, in order")
    }

    @Test("unmapped types are recorded with each committed batch, mapped ones never")
    func unmappedRecorded() async throws {
        let (directory, configuration) = try Self.setUp(["k1"])
        defer { withExtendedLifetime(directory) {} }
        let events = InMemory.events(120) + InMemory.events(30, start: 1_700_100_000, type: "gadget_added", prefix: "g")
        let recorder = InMemory.Recorder()
        let output = InMemory.Output()
        _ = await Self.connector(configuration, InMemory.Service(sources: ["k1": InMemory.Source(events)]), output, recorder: recorder).run()
        #expect(recorder.types == Array(repeating: "gadget_added", count: 30))
        #expect(output.lines.filter { $0.hasPrefix("\(EventClassification.genericSID) ") }.count == 30)
    }

    @Test("the lock is held for the run; a second run meanwhile does nothing")
    func lockHeld() async throws {
        let (directory, configuration) = try Self.setUp(["k1"])
        defer { withExtendedLifetime(directory) {} }
        try FileManager.default.createDirectory(atPath: configuration.configDirectory, withIntermediateDirectories: true)
        let lock = try RunLock.acquire(in: configuration.configDirectory)
        let output = InMemory.Output()
        let report = await Self.connector(configuration, InMemory.Service(sources: ["k1": InMemory.Source(InMemory.events(10))]), output).run()
        guard case .notStarted(let failure) = report.outcome, failure.stage == .lock,
              let error = failure.error as? ConnectorError, case .lockHeld(let holder) = error.code
        else { Issue.record("\(report.outcome)"); return }
        #expect(holder == "\(getpid())" && output.lines.isEmpty)
        withExtendedLifetime(lock) {}
    }

    @Test("cancelling the run commits what was read and reports a stop")
    func stopped() async throws {
        let (directory, configuration) = try Self.setUp(["k1"])
        defer { withExtendedLifetime(directory) {} }
        let events = InMemory.events(20_000)
        let output = InMemory.Output()
        let slow = InMemory.Source(events, latency: .milliseconds(20))
        let connector = Self.connector(configuration, InMemory.Service(sources: ["k1": slow]), output)
        let run = Task { await connector.run() }
        // Stopped once the first batches are out (at most 30 s), far from the end (20 000 events at 20 ms a page).
        for _ in 0..<3_000 {
            if output.lines.count >= 100 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        run.cancel()
        let report = await run.value
        guard case .stopped = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(report.accounts[0].stopped && report.accounts[0].delivered == output.lines.count)
        try #require(output.lines.count > 0 && output.lines.count < events.count, "stopped part way: \(output.lines.count)")
        let store = CheckpointStore(directory: configuration.configDirectory, authFile: configuration.authFile)
        let committed = try #require(try store.load(keyID: "k1"))
        #expect(committed.pending == nil && committed.cursor.newest == events[output.lines.count - 1].createdAt)
    }
}
