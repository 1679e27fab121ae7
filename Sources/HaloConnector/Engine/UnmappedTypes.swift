import HaloModel

/// Records the event types the SID table did not know, batch by batch as each is committed, so that a run
/// stopped or killed later has still recorded them. A failure is noticed once per run and does not fail the
/// run: the types are recorded the next time they are seen.
actor UnmappedTypes {
    private let recorder: (any UnmappedRecorder)?
    private let observer: RunObserver
    private var noticed = false

    init(recorder: (any UnmappedRecorder)?, observer: RunObserver) {
        self.recorder = recorder
        self.observer = observer
    }

    /// Records the unmapped events of one committed batch.
    func record(_ events: [(HaloEvent, EventClassification)]) async {
        guard let recorder, !events.isEmpty else { return }
        do { try await recorder.record(events) } catch {
            guard !noticed else { return }
            noticed = true
            observer(.unmappedNotRecorded(error))
        }
    }
}
