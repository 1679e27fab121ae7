import HaloConnector
import HaloDelivery
import HaloModel
import HaloSIDMap

/// Everything `halo-events status` tells: each account of the auth file, the agent reading the output
/// file, and the SID table's unmapped types.
struct StatusReport: Sendable {
    /// How far ossim-agent is in the output file (from its bookmark, as a run's lag warning tells it).
    struct Agent: Sendable {
        var log: String
        var position: AgentPosition?
        /// `--agent-lag-warning` (`nil`: 0, lagging never counts; not reading still does).
        var threshold: Int?

        /// Behind by more than the threshold, or not reading the file at all.
        var lagging: Bool {
            guard let position else { return false }
            guard let lines = position.unreadLines else { return true }
            return threshold.map { lines > $0 } ?? false
        }
    }

    var now: HaloTimestamp
    var stale: Double
    var accounts: [AccountStatus]
    /// `nil` when the output is not a file the agent is watched on (see ``OutputDestination/agentWatch(configDirectory:)``).
    var agent: Agent?
    /// The unmapped types of `--sidmap` (`nil` without it), or why they cannot be read.
    var unmapped: Result<[UnmappedSighting], SIDClassificationError>?

    var healthy: Bool {
        guard accounts.allSatisfy(\.healthy), agent?.lagging != true else { return false }
        if case .failure = unmapped { return false }
        return true
    }

    /// Looks at the state `store` keeps for `keys`, the agent's bookmark for `destination` and the SID
    /// database `sidmap`, at `now`.
    init(
        keys: [String], store: CheckpointStore, destination: OutputDestination, sidmap: String?, now: HaloTimestamp, stale: Double,
        agentLagThreshold: Int?
    ) {
        self.now = now
        self.stale = stale
        accounts = keys.map { AccountStatus(keyID: $0, store: store, now: now, stale: stale) }
        if let watch = destination.agentWatch(configDirectory: store.directory) {
            agent = Agent(
                log: watch.log, position: AgentPosition.of(log: watch.log, bookmarkDirectory: watch.bookmarkDirectory),
                threshold: agentLagThreshold)
        }
        if let sidmap {
            do {
                unmapped = .success(try SIDStore(path: sidmap, access: .readOnly).unmappedSightings())
            } catch {
                unmapped = .failure(SIDClassificationError(description: Sentences.sidmapUnreadable(sidmap, error)))
            }
        }
    }
}

extension StatusReport {
    /// The SID database of `--sidmap` could not be read.
    var unmappedUnreadable: Bool {
        if case .failure = unmapped { return true }
        return false
    }
}
