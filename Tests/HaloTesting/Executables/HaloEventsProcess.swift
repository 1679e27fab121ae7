import Foundation

/// The real `halo-events` executable, run as a child process.
public enum HaloEventsProcess {
    /// The path of the built `halo-events`.
    public static var path: String { TestPaths.executable("halo-events") }

    /// Runs it to the end with `arguments`.
    public static func run(_ arguments: [String], timeout: Double = 120) throws -> ProcessResult {
        try RunningProcess(path, arguments).wait(timeout: timeout)
    }

    /// Starts it in the background.
    public static func start(_ arguments: [String]) throws -> RunningProcess {
        try RunningProcess(path, arguments)
    }

    /// The usual arguments of a run against the emulator at `url`: fast retries, JSON lines appended to
    /// `output` (stdout when nil).
    public static func arguments(authFile: String, configDirectory: String, url: String, output: String?) -> [String] {
        ["--auth=\(authFile)", "--configdir=\(configDirectory)", "--url=\(url)", "--retry-base-delay=0.01"]
            + (output.map { ["--jsonfile=\($0)"] } ?? [])
    }

    /// The usual arguments of a run against `fixture`'s in-process emulator (see the other ``arguments(authFile:configDirectory:url:output:)``).
    public static func arguments(for fixture: ConnectorFixture, output: String?, configDirectory: String? = nil) -> [String] {
        arguments(
            authFile: fixture.authFile, configDirectory: configDirectory ?? fixture.configDirectory, url: fixture.sim.baseURL,
            output: output)
    }
}
