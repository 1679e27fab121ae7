import HaloModel
import HaloSIDMap

/// Records the event types the SID table did not know in the SID database (for `halo-sidbuilder sync`),
/// batch by batch as each is committed, so that a run stopped or killed later has still recorded them.
actor UnmappedTypes {
    /// The SID database (`--sidmap`); `nil`: nothing is recorded.
    private let store: SIDStore?
    private let diagnostics: Diagnostics
    private var warned = false

    init(store: SIDStore?, diagnostics: Diagnostics) {
        self.store = store
        self.diagnostics = diagnostics
    }

    /// Records the unmapped events of one committed batch. A failure is warned about once per run and
    /// does not fail the run: the types are recorded the next time they are seen.
    func record(_ events: [(HaloEvent, EventClassification)]) {
        guard let store, !events.isEmpty else { return }
        var tally = UnmappedTally()
        for (event, classification) in events { tally.note(event, classification: classification) }
        do { try store.recordUnmapped(tally.all) } catch {
            guard !warned else { return }
            warned = true
            diagnostics.warn(
                "could not record unmapped event types in the SID database (\(error)); their events were delivered with the generic SID, and the types are recorded when next seen")
        }
    }
}
