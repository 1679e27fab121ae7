import HaloCommandLine

/// The real `halo-sim` executable, serving on 127.0.0.1 for the length of one measurement.
final class SimulatorChild {
    /// `http://127.0.0.1:PORT`, as the emulator printed it.
    let baseURL: String
    /// The `key_id|secret` file the emulator wrote.
    let authFile: String
    let process: ChildProcess

    /// The options every benchmark emulator shares: a fixed `--now`, 90 days of events (the backlog Halo
    /// keeps), no late arrivals (the backlog is exactly `events`), bursts and hostile values as by default.
    /// `recent`: the events of the last 20 hours instead, ending now (the connector keeps the id of every
    /// event younger than its 24-hour horizon).
    static func arguments(events: Int, latencyMilliseconds: Int, recent: Bool = false) -> [String] {
        ["--port", "0", "--events", String(events), "--latency", "\(latencyMilliseconds)ms"]
            + (recent ? ["--span", "20h"] : ["--span", "90d", "--now", "2024-05-01T12:00:00Z"])
            + ["--no-late", "--seed", "7"]
    }

    /// Starts `halo-sim` (serving up to `maxPerPage` events a page) and waits (up to 60 s) for its URL.
    init(
        _ tools: Tools, events: Int, latencyMilliseconds: Int, maxPerPage: Int = 100, recent: Bool = false, in directory: BenchDirectory, name: String
    ) throws {
        authFile = directory.file("\(name).auth")
        let out = "\(name).sim.out"
        process = try ChildProcess(
            tools.haloSim,
            Self.arguments(events: events, latencyMilliseconds: latencyMilliseconds, recent: recent)
                + ["--max-per-page", String(maxPerPage), "--auth-file", authFile],
            stdout: directory.file(out), stderr: directory.file("\(name).sim.err"))
        guard let url = try process.firstLine(ofFile: directory.file(out), timeout: 60), url.hasPrefix("http://127.0.0.1:") else {
            _ = try? process.stop()
            throw ChildProcess.Failure(description: "\(process.command) did not print its URL within 60 s: \(directory.read("\(name).sim.err"))")
        }
        baseURL = url
    }

    /// Stops the emulator (SIGTERM) and returns the kernel's account of it.
    @discardableResult
    func stop() throws -> ChildProcess.Outcome {
        try process.stop()
    }
}
