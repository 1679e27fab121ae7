import Foundation
import TestSupport

/// The real `halo-events` executable.
enum HaloEventsProcess {
    static var path: String { TestPaths.executable("halo-events") }

    /// Runs it to the end with `arguments`.
    static func run(_ arguments: [String], timeout: Double = 120) throws -> ProcessResult {
        try RunningProcess(path, arguments).wait(timeout: timeout)
    }

    /// Starts it in the background.
    static func start(_ arguments: [String]) throws -> RunningProcess {
        try RunningProcess(path, arguments)
    }

    /// The usual arguments for a run against `fixture`'s in-process emulator, JSON lines to `output`
    /// (stdout when nil). (Used by ReliabilityTests, which shares this directory.)
    static func arguments(for fixture: ConnectorFixture, output: String?, configDirectory: String? = nil) -> [String] {
        ["--auth=\(fixture.authFile)", "--configdir=\(configDirectory ?? fixture.configDirectory)", "--url=\(fixture.sim.baseURL)",
         "--retry-base-delay=0.01"] + (output.map { ["--jsonfile=\($0)"] } ?? [])
    }
}
