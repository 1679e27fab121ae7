import Foundation
@testable import HaloConnector
import HaloModel
import Synchronization
import Testing
import HaloTesting

/// The engine's health hook: the reporter is given every account's summary and source once they have run,
/// and its lines go through the run's writer after the last event batch, before the output closes.
@Suite("Engine: health lines") struct HealthHookTests {
    /// Keeps the summaries it was given, asks each source a count as `--health` does, and answers one line
    /// per account.
    final class Reporter: HealthReporter {
        private let seen = Mutex<[(String, Int, Bool, Int?)]>([])

        func lines(for accounts: [(summary: AccountSummary, source: any EventSource)]) async -> [String] {
            var lines: [String] = []
            for (summary, source) in accounts {
                let count = try? await source.page(PageRequest(since: nil, page: 1, perPage: 1), answered: {}).count
                seen.withLock { $0.append((summary.keyID, summary.delivered, summary.succeeded, count)) }
                lines.append("health \(summary.keyID)")
            }
            return lines
        }

        var summaries: [(String, Int, Bool, Int?)] { seen.withLock { $0 } }
    }

    @Test("after every account's events, in auth-file order, failed accounts included; the output is closed after them")
    func linesAfterTheEvents() async throws {
        let (directory, configuration) = try EngineTests.setUp(["k1", "k2"])
        defer { withExtendedLifetime(directory) {} }
        let service = InMemory.Service(sources: [
            "k1": InMemory.Source(InMemory.events(120, perInstant: 3, prefix: "a")),
            "k2": InMemory.Source(InMemory.events(80, perInstant: 2, prefix: "b"), failing: 1),
        ])
        let output = InMemory.Output()
        let reporter = Reporter()
        var connector = EngineTests.connector(configuration, service, output)
        connector.health = reporter
        let report = await connector.run()
        guard case .accountsFailed = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(output.lines.count == 122)
        #expect(Array(output.lines.suffix(2)) == ["health k1", "health k2"])
        #expect(output.closed)
        let seen = reporter.summaries
        #expect(seen.map(\.0) == ["k1", "k2"] && seen.map(\.1) == [120, 0] && seen.map(\.2) == [true, false])
        #expect(seen.map(\.3) == [120, 80], "the sources still answer when the reporter asks")
    }

    @Test("a health batch the output refuses is a notice; the events before it stay delivered and committed")
    func refusedHealthBatch() async throws {
        let (directory, configuration) = try EngineTests.setUp(["k1"])
        defer { withExtendedLifetime(directory) {} }
        let service = InMemory.Service(sources: ["k1": InMemory.Source(InMemory.events(120, perInstant: 3, prefix: "a"))])
        // Batches of 50: three of events, then the health batch (the fourth) fails.
        let output = InMemory.Output(failing: 4)
        let notices = EngineTests.NoticeLog()
        var connector = EngineTests.connector(configuration, service, output, notices: notices)
        connector.health = Reporter()
        let report = await connector.run()
        guard case .completed = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(output.lines.count == 120 && report.accounts.map(\.delivered) == [120])
        let refused = notices.all.compactMap { notice -> Int? in
            guard case .health(.notWritten(let count, let error)) = notice, error is InMemory.Output.Broken else { return nil }
            return count
        }
        #expect(refused == [1])
        let store = CheckpointStore(directory: configuration.configDirectory, authFile: configuration.authFile)
        #expect(try store.load(keyID: "k1")?.cursor.newest == report.accounts.first?.newest)
    }
}
