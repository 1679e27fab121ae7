import HaloModel
import HaloSIDMap

/// The event types the SID table did not know, collected across the accounts of a run and recorded in
/// the SID database at its end (for `halo-sidbuilder sync`).
actor UnmappedTypes {
    private var tally = UnmappedTally()

    /// Counts the delivered events the classifier could not map.
    func note(_ events: [(HaloEvent, EventClassification)]) {
        for (event, classification) in events { tally.note(event, classification: classification) }
    }

    var sightings: [UnmappedSighting] { tally.all }
}
