import Foundation
import HaloConnector
import HaloEventsCommand
import HaloModel
import HaloSimulator
import HaloTesting
import Testing

/// A long catch-up of the real `halo-events` under a mix of every fault the API can throw, and accounts
/// that fail for good while the others go on.
///
/// Short form: 3 × 4 000 events. Long form (`HALO_CAMPAIGN=full`): 3 × 60 000 events.
@Suite("Fault campaign", .serialized) struct FaultCampaignTests {
    @Test("a fault mix (429 storms, 5xx bursts, resets, truncated bodies, revoked tokens, 2 s stalls): 0 events lost")
    func faultMix() async throws {
        let seed = Campaign.seed(4_290)
        let events = Campaign.size(short: 4_000, full: 60_000)
        var simulator = ConnectorFixture.simulator(accounts: 3, events: events, seed: seed)
        var random = SeededRandom(seed: seed)
        simulator.faults = FaultMix.rules(expectedRequests: 3 * events / 100, random: &random)
        let began = ContinuousClock.now
        try await ConnectorFixture.with(simulator) { fixture in
            let arguments = HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile) + ["--threads=4"]
            // A run that gives up on an account leaves its checkpoint where it was: the next run goes on.
            var runs: [ProcessResult] = []
            repeat {
                runs.append(try await HaloEventsProcess.finish(arguments, timeout: 1_200))
            } while runs.last!.status == ExitStatus.accountsFailed.rawValue && runs.count < 5
            #expect(runs.last!.status == 0, "\(runs.last!.stderr)")

            let truth = fixture.sim.accounts.indices.flatMap { fixture.truth(account: $0) }
            let audit = DeliveryAudit(lines: try OutputFile.lines(of: fixture.outputFile), truth: truth)
            #expect(audit.isExact, "\(audit)")
            let stats = fixture.sim.stats
            let counts = runs.map { RunCounts(stderr: $0.stderr) }.reduce(RunCounts(), +)
            #expect(stats.faultsInjected.values.reduce(0, +) >= 5, "\(stats.faultsInjected)")
            #expect(counts.retries >= 1)
            #expect(!runs.contains { $0.stderr.contains(fixture.sim.accounts[0].secret) })

            Campaign.report("faults", [
                "seed": "\(seed)",
                "events in the truth": "\(truth.count)",
                "runs needed (an account whose retries run out goes on next run)": "\(runs.count)",
                "API requests (emulator's count)": "\(stats.totalRequests)",
                "requests sent by the connector": "\(counts.requests)",
                "faults injected": "\(stats.faultsInjected.values.reduce(0, +))",
                "faults by kind": stats.faultsInjected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                "retries": "\(counts.retries)",
                "tokens issued": "\(stats.tokensIssued)",
                "events lost": "\(audit.lost)",
                "events duplicated": "\(audit.duplicated)",
                "events altered": "\(audit.altered)",
                "seconds": String(format: "%.0f", (ContinuousClock.now - began).seconds),
            ])
        }
    }

    /// Ways one account fails for good.
    enum PermanentFault: String, CaseIterable, Sendable {
        /// Halo refuses the key (revoked or wrong secret): 401 on every token request.
        case keyRefused
        /// The account's checkpoint is damaged.
        case checkpointDamaged
    }

    @Test("a permanent fault on one account under the fault mix: the others are delivered, exit status 1", arguments: PermanentFault.allCases)
    func permanentFault(_ fault: PermanentFault) async throws {
        let seed = Campaign.seed(4_031)
        var simulator = ConnectorFixture.simulator(accounts: 3, events: Campaign.size(short: 1_500, full: 10_000), seed: seed)
        var random = SeededRandom(seed: seed)
        simulator.faults = FaultMix.rules(expectedRequests: 3 * simulator.eventsPerAccount / 100, random: &random)
        try await ConnectorFixture.with(simulator) { fixture in
            let accounts = fixture.sim.accounts
            let broken = accounts[1]
            let store = CheckpointStore(directory: fixture.configDirectory, authFile: fixture.authFile)
            let damaged = Data("{\"format\":1,\"key_id\":\"\(broken.keyID)\",\"cursor\":{\"newest\":".utf8)
            switch fault {
            case .keyRefused:
                try fixture.writeAuthFile([accounts[0].authFileLine, "\(broken.keyID)|\(String(broken.secret.reversed()))", accounts[2].authFileLine])
            case .checkpointDamaged:
                try damaged.write(to: URL(fileURLWithPath: store.path(for: broken.keyID)))
            }
            let arguments = HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile) + ["--threads=4"]
            let expected = [0, 2].flatMap { fixture.truth(account: $0) }

            for attempt in 1...2 {   // the fault is permanent: the second run fails the same way, repeats nothing
                let run = try await HaloEventsProcess.finish(arguments, timeout: 600)
                #expect(run.status == ExitStatus.accountsFailed.rawValue, "attempt \(attempt): \(run.stderr)")
                let failed = run.stderr.split(separator: "\n").filter { $0.contains("FAILED") }
                #expect(failed.count == 1 && failed[0].contains("key \(broken.keyID): FAILED"), "\(run.stderr)")
                switch fault {
                case .keyRefused: #expect(failed.first?.contains("check the key id and the secret") == true)
                case .checkpointDamaged: #expect(failed.first?.contains("is damaged") == true && failed.first?.contains("move it away") == true)
                }
                for account in accounts { #expect(!run.stderr.contains(account.secret)) }
                let audit = DeliveryAudit(lines: try OutputFile.lines(of: fixture.outputFile), truth: expected)
                #expect(audit.isExact, "attempt \(attempt): \(audit)")
            }
            switch fault {
            case .keyRefused: #expect(!FileManager.default.fileExists(atPath: store.path(for: broken.keyID)))
            case .checkpointDamaged: #expect(try Data(contentsOf: URL(fileURLWithPath: store.path(for: broken.keyID))) == damaged)
            }
            Campaign.report("permanent-fault-\(fault.rawValue)", [
                "seed": "\(seed)",
                "exit status (both runs)": "1",
                "other accounts delivered exactly once": "\(expected.count) events",
            ])
        }
    }
}

/// The fault mix of the campaigns, placed by a seeded generator over the expected number of events requests.
enum FaultMix {
    static func rules(expectedRequests: Int, random: inout SeededRandom) -> [FaultRule] {
        let span = max(expectedRequests, 60)
        func runs(every: Int, length: ClosedRange<Int>) -> [Set<Int>] {
            stride(from: 5, to: span, by: every).map { start in
                let first = start + Int(random.next() % UInt64(every / 2))
                return Set(first..<(first + Int.random(in: length, using: &random)))
            }
        }
        var rules: [FaultRule] = []
        // 429 storms, each answer with Retry-After: 1.
        for storm in runs(every: 150, length: 3...5) { rules.append(FaultRule(.tooManyRequests(retryAfter: 1), .requests(storm))) }
        // 5xx bursts.
        for burst in runs(every: 120, length: 2...4) {
            let status = [500, 502, 503, 504][Int(random.next() % 4)]
            rules.append(FaultRule(.serverError(status: status), .requests(burst)))
        }
        // A token revoked now and then; 2 s stalls.
        rules.append(FaultRule(.tokenRevoked, .requests(Set(runs(every: 300, length: 1...1).flatMap { $0 }))))
        rules.append(FaultRule(.slowResponse(delay: .seconds(2)), .requests(Set(runs(every: 250, length: 1...1).flatMap { $0 }))))
        // Resets before any answer, connections closed mid-body, truncated and invalid bodies at random.
        rules.append(FaultRule(.connectionReset, .probability(0.01)))
        rules.append(FaultRule(.connectionClosedMidBody, .probability(0.01)))
        rules.append(FaultRule(.truncatedJSON, .probability(0.01)))
        rules.append(FaultRule(.invalidJSON, .probability(0.005)))
        return rules
    }
}

/// Requests and retries from the summary lines a run printed on standard error.
struct RunCounts {
    var requests = 0
    var retries = 0

    init() {}

    /// Sums `… N requests (M retries, …` over every summary line of `stderr`.
    init(stderr: String) {
        for line in stderr.split(separator: "\n") {
            let words = line.split(separator: " ")
            for (index, word) in words.enumerated() where index > 0 {
                if word.hasPrefix("request"), let n = Int(words[index - 1]) { requests += n }
                if word.hasPrefix("retr"), let n = Int(words[index - 1].drop { $0 == "(" }) { retries += n }
            }
        }
    }

    static func + (a: RunCounts, b: RunCounts) -> RunCounts {
        var sum = a
        sum.requests += b.requests
        sum.retries += b.retries
        return sum
    }
}
