import HaloConnector
import HaloModel
import HaloSIDMap
import Synchronization

/// Records unmapped event types in the SID database (for `halo-sidbuilder sync`). The database is opened
/// for writing the first time there is something to record, and kept open for the rest of the run.
public final class SIDTableRecorder: UnmappedRecorder {
    /// The SID database.
    public let path: String
    private let store = Mutex<SIDStore?>(nil)

    public init(path: String) { self.path = path }

    public func record(_ events: [(HaloEvent, EventClassification)]) async throws {
        var tally = UnmappedTally()
        for (event, classification) in events { tally.note(event, classification: classification) }
        let sightings = tally.all
        try store.withLock { store in
            if store == nil { store = try SIDStore(path: path) }
            try store?.recordUnmapped(sightings)
        }
    }
}
