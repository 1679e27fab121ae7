import Foundation
import HaloConnector
import HaloEventsCommand

/// The outcome of an in-process run and what it said on "stderr".
public struct ConnectorRun: Sendable {
    /// The exit status `halo-events` would have.
    public var status: ExitStatus
    /// What the run did, per account.
    public var report: RunReport
    /// The lines it said, in order.
    public var diagnostics: [String]
}

/// Lines collected from several tasks.
public final class CollectedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    /// No lines yet.
    public init() {}

    /// Adds `line`.
    public func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }
    /// The lines so far, in order.
    public var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}
