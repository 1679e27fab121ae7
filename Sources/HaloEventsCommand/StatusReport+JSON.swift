#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloConnector
import HaloModel

extension StatusReport {
    /// The `--json` form (one object; see docs/connector.md for its fields).
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // Encoding cannot fail: strings, numbers, booleans and containers of them.
        return String(decoding: try! encoder.encode(StatusJSON(self)), as: UTF8.self) + "\n"
    }
}

/// The `--json` object of ``StatusReport``.
private struct StatusJSON: Encodable {
    struct Run: Encodable {
        var at: String
        var result: String
        var failure: String?
        var delivered, requests, retries: Int
        var seconds: Double

        init(_ run: RunRecord.Run) {
            (at, result, failure) = (run.at.description, run.result.rawValue, run.failure)
            (delivered, requests, retries, seconds) = (run.delivered, run.requests, run.retries, run.seconds)
        }
    }
    struct Problem: Encodable {
        var code: String
        var text: String
    }
    struct Pending: Encodable {
        var events: Int
        var output: String
    }
    struct Account: Encodable {
        var keyID: String
        var healthy: Bool
        var problems: [Problem]
        var checkpoint: String?
        var checkpointAgeSeconds: Double?
        var originalTimestamp: String?
        var lastRun: Run?
        var lastSuccess: Run?
        var deliveredLastDay: Int
        var pending: Pending?
    }
    struct Agent: Encodable {
        var log: String
        var exists: Bool
        var unreadLines: Int?
        var unreadBytes: Int64?
        var lagging: Bool
        var thresholdLines: Int?
    }
    struct Unmapped: Encodable {
        var type: String?
        var name: String?
        var count: Int
        var lastSeen: String
    }

    var healthy: Bool
    var now: String
    var staleAfterSeconds: Double
    var accounts: [Account]
    var agent: Agent?
    var unmappedTypes: [Unmapped]?
    var sidmapError: String?

    init(_ report: StatusReport) {
        let now = report.now
        healthy = report.healthy
        self.now = now.description
        staleAfterSeconds = report.stale
        accounts = report.accounts.map { account in
            Account(
                keyID: account.keyID, healthy: account.healthy,
                problems: account.problems.map { Problem(code: $0.code, text: Sentences.of($0, now: now)) },
                checkpoint: account.checkpointTime?.description,
                checkpointAgeSeconds: account.checkpointTime.map { now.secondsSince1970 - $0.secondsSince1970 },
                originalTimestamp: account.legacy?.description,
                lastRun: account.record?.last.map(Run.init), lastSuccess: account.record?.lastSuccess.map(Run.init),
                deliveredLastDay: account.deliveredLastDay(before: now),
                pending: account.checkpoint?.pending.map { Pending(events: $0.events, output: $0.landing.output) })
        }
        agent = report.agent.map {
            Agent(
                log: $0.log, exists: $0.position != nil, unreadLines: $0.position?.unreadLines, unreadBytes: $0.position?.unreadBytes,
                lagging: $0.lagging, thresholdLines: $0.threshold)
        }
        switch report.unmapped {
        case .success(let sightings)?:
            unmappedTypes = sightings.map {
                Unmapped(type: $0.type, name: $0.name, count: $0.count, lastSeen: HaloTimestamp(secondsSince1970: $0.lastSeen.timeIntervalSince1970).description)
            }
        case .failure(let error)?: sidmapError = error.description
        case nil: break
        }
    }
}
