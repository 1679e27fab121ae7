import HaloModel

/// Gives each event its SID and name (the SID table, through `HaloSIDClassifier`).
public protocol EventClassifier: Sendable {
    func classify(_ event: HaloEvent) -> EventClassification
}

/// Keeps the event types the classifier did not know, for `halo-sidbuilder sync`.
public protocol UnmappedRecorder: Sendable {
    /// Records the unmapped events of one committed batch (`isMapped == false` in each classification).
    func record(_ events: [(HaloEvent, EventClassification)]) async throws
}
