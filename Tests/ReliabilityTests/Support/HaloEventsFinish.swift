import HaloTesting

extension HaloEventsProcess {
    /// Runs the real `halo-events` to the end without holding a cooperative thread (see `offPool`).
    static func finish(_ arguments: [String], timeout: Double = 300) async throws -> ProcessResult {
        try await offPool { try run(arguments, timeout: timeout) }
    }
}
