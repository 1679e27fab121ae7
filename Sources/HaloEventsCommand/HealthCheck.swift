import HaloConnector
import HaloDelivery
import HaloModel
import HaloOutput
import HaloSIDMap

/// `--health`: judges each account and the agent once the accounts have run, and makes the lines: one per
/// account that is not well (the first that holds of: failed, checkpoint stalled, silent), one when the agent
/// is stopped or lagging, and with `--heartbeat` one per run. Each line is a Halo-like event of a
/// `halo_connector_*` type (SIDs 90000-90005 of the seed, ``SIDRanges/connectorHealth``), classified and
/// formatted as the events are, so it takes their path into OSSIM.
struct HealthCheck: HealthReporter {
    var settings: HealthSettings
    var formatter: any EventFormatter
    var classifier: any EventClassifier
    /// When the run began: events created after an account's checkpoint and before this should have come.
    var runStart: HaloTimestamp
    /// The agent's state once the accounts have run (`nil`: the output is not watched).
    var agent: @Sendable () -> AgentHealth?
    /// Lines the agent may have left to read before it counts as lagging (the run's agent lag warning;
    /// `nil`: never lagging, only stopped).
    var agentLagThreshold: Int?
    /// The wall clock (the run's).
    var now: @Sendable () -> HaloTimestamp

    func lines(for accounts: [(summary: AccountSummary, source: any EventSource)]) async -> [String] {
        let at = now()
        var conditions: [HealthCondition] = []
        for (summary, source) in accounts {
            if let condition = await judge(summary, source: source, at: at) { conditions.append(condition) }
        }
        if let condition = agent().flatMap({ $0.condition(threshold: agentLagThreshold) }) { conditions.append(condition) }
        if settings.heartbeat { conditions.append(.heartbeat(accounts.map(\.summary))) }
        return conditions.map { line(for: $0, at: at) }
    }

    /// What is wrong with one account, the most telling first; `nil` when it is well (or was stopped).
    func judge(_ summary: AccountSummary, source: any EventSource, at: HaloTimestamp) async -> HealthCondition? {
        if let failure = summary.failure { return .accountFailed(keyID: summary.keyID, failure) }
        guard !summary.stopped else { return nil }
        if summary.delivered == 0, let pending = await countAfter(summary.newest, source: source), pending > 0 {
            return .checkpointStalled(keyID: summary.keyID, checkpoint: summary.newest, pending: pending)
        }
        guard let newest = summary.newest else { return .accountSilent(keyID: summary.keyID, newest: nil, silence: settings.silence) }
        if Double(at.microseconds - newest.microseconds) / 1e6 >= settings.silence {
            return .accountSilent(keyID: summary.keyID, newest: newest, silence: settings.silence)
        }
        return nil
    }

    /// The API's count of events created after `newest` and before the run began (one request; `nil` when
    /// the API does not say or the request fails: nothing is judged then).
    private func countAfter(_ newest: HaloTimestamp?, source: any EventSource) async -> Int? {
        let since = newest?.adding(microseconds: 1)
        if let since, since > runStart { return nil }
        let request = PageRequest(since: since, until: runStart, page: 1, perPage: 1)
        return try? await source.page(request, answered: {}).count
    }

    /// The event of `condition`, formatted: its SID from the run's table, else the built-in one (a
    /// `--sidmap` database made before the health SIDs existed).
    func line(for condition: HealthCondition, at: HaloTimestamp) -> String {
        var fields: [String: JSONValue] = [
            "id": .string("halo-events-health-\(runStart.microseconds)-\(condition.keyID ?? "run")-\(condition.type)"),
            "type": .string(condition.type),
            "name": .string(condition.name),
            "message": .string(Sentences.health(condition)),
            "created_at": .string(at.iso8601(fractionDigits: 3)),
            "critical": .bool(condition.type != HealthCondition.heartbeatType),
        ]
        if let keyID = condition.keyID { fields["actor_key_id"] = .string(keyID) }
        let event = HaloEvent(fields: fields)
        let classification = classifier.classify(event)
        return formatter.line(for: event, as: classification.isMapped ? classification : SIDResolver.builtIn.classify(event))
    }
}

/// Something `--health` reports, one line each.
enum HealthCondition: Sendable {
    /// The account failed this run.
    case accountFailed(keyID: String, any Error & Sendable)
    /// No event newer than `newest` (`nil`: none ever) for at least `silence` seconds.
    case accountSilent(keyID: String, newest: HaloTimestamp?, silence: Double)
    /// The run delivered nothing, yet the API counts `pending` events created after the checkpoint and
    /// before the run began.
    case checkpointStalled(keyID: String, checkpoint: HaloTimestamp?, pending: Int)
    /// ossim-agent has more than `threshold` lines of `log` left to read after the run.
    case agentLagging(log: String, unread: Int, threshold: Int)
    /// ossim-agent is not reading `log` (its bookmark did not move, nor read a probe line).
    case agentStopped(log: String, unread: Int?)
    /// The run happened (`--heartbeat`).
    case heartbeat([AccountSummary])

    static let heartbeatType = "halo_connector_heartbeat"

    /// The event's `type`: the seed maps it to its SID.
    var type: String {
        switch self {
        case .accountFailed: "halo_connector_account_failed"
        case .accountSilent: "halo_connector_account_silent"
        case .checkpointStalled: "halo_connector_checkpoint_stalled"
        case .agentLagging: "halo_connector_agent_lagging"
        case .agentStopped: "halo_connector_agent_stopped"
        case .heartbeat: HealthCondition.heartbeatType
        }
    }

    /// The event's `name` (the seed's name without `Halo: `).
    var name: String {
        switch self {
        case .accountFailed: "Connector account failed"
        case .accountSilent: "Connector account silent"
        case .checkpointStalled: "Connector checkpoint stalled"
        case .agentLagging: "Connector agent lagging"
        case .agentStopped: "Connector agent stopped"
        case .heartbeat: "Connector heartbeat"
        }
    }

    /// The account the line is about; `nil` for the agent and the heartbeat.
    var keyID: String? {
        switch self {
        case .accountFailed(let keyID, _), .accountSilent(let keyID, _, _), .checkpointStalled(let keyID, _, _): keyID
        case .agentLagging, .agentStopped, .heartbeat: nil
        }
    }
}

/// What the agent watch saw of ossim-agent in a run: before the run wrote (``AgentWatch/reconcile()``) and
/// after the accounts (``AgentWatch/settledPosition()``).
struct AgentHealth: Sendable {
    var log: String
    var finding: AgentWatch.Finding?
    var position: AgentPosition?

    /// Stopped when its pid file or the probe said so; lagging beyond `threshold` unread lines; else `nil`.
    func condition(threshold: Int?) -> HealthCondition? {
        switch finding {
        case .notReading(let unread): return .agentStopped(log: log, unread: unread)
        case .stopped(let unread, _): return .agentStopped(log: log, unread: unread)
        case .reading, .reappended, .noBookmark, nil: break
        }
        if let threshold, let unread = position?.unreadLines, unread > threshold { return .agentLagging(log: log, unread: unread, threshold: threshold) }
        return nil
    }
}
