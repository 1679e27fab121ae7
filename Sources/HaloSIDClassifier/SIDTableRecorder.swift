import HaloConnector
import HaloModel
import HaloSIDMap
import Synchronization

/// Records unmapped event types in the SID database (for `halo-sidbuilder sync`). The table is read
/// read-only; it is reopened for writing the first time there is something to record, and kept so for the
/// rest of the run.
public final class SIDTableRecorder: UnmappedRecorder {
    private let store: Mutex<SIDStore>

    /// A recorder into the database `store` was opened on.
    public init(_ store: SIDStore) { self.store = Mutex(store) }

    public func record(_ events: [(HaloEvent, EventClassification)]) async throws {
        var tally = UnmappedTally()
        for (event, classification) in events { tally.note(event, classification: classification) }
        let sightings = tally.all
        try store.withLock { store in
            store = try store.reopened(.readWrite)
            try store.recordUnmapped(sightings)
        }
    }
}
