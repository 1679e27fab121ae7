#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloCommandLine
import HaloConnector
import HaloPlatform
import HaloSIDMap

/// `halo-events --demo`: the whole chain, offline, in under a minute.
///
/// Starts the Halo emulator, `halo-sim` from beside this executable, on 127.0.0.1 with a few accounts
/// (adversarial values, equal-timestamp bursts and event types the SID table does not know included), runs
/// this executable against it into a temporary directory as cron would (CEF to a file), then reads that file
/// with the OSSIM plugin generated from the built-in SID table and shows what ossim-agent would send to the
/// server. Every wait is bounded; the emulator is stopped before the plugin runs.
struct Demo {
    var accounts = 3
    var eventsPerAccount = 400
    var shownLines = 5
    var shownEvents = 8
    /// Seconds the emulator may take to print its URL, the connector to run, the emulator to stop.
    var startTimeout = 30.0, runTimeout = 45.0, stopTimeout = 10.0

    /// Runs the demo; the exit status is the connector's, or ``ExitStatus/configuration`` when the emulator
    /// is missing or does not start.
    func run() async throws -> ExitStatus {
        let simulatorPath = RunningExecutable.directory + "/halo-sim"
        guard access(simulatorPath, X_OK) == 0 else {
            Diagnostics.standardError.error(
                "--demo runs halo-sim from this executable's directory, and there is no executable \(simulatorPath); install or build the two together")
            return .configuration
        }
        let directory = try makeDirectory()
        let log = directory + "/cloudpassage-halo.log"
        let pluginPath = directory + "/cloudpassage-halo.cfg"
        let authFile = directory + "/haloEvents.auth"

        let simulator = try ChildProcess(
            simulatorPath,
            ["--port", "0", "--accounts", String(accounts), "--events", String(eventsPerAccount), "--catalogue", "seed",
             "--no-late", "--auth-file", authFile],
            stdout: directory + "/halo-sim.out", stderr: directory + "/halo-sim.err")
        guard let baseURL = try simulator.firstLine(ofFile: directory + "/halo-sim.out", timeout: startTimeout),
              baseURL.hasPrefix("http://127.0.0.1:")
        else {
            _ = try? simulator.stop(timeout: stopTimeout)
            let said = (try? String(contentsOfFile: directory + "/halo-sim.err", encoding: .utf8)) ?? ""
            Diagnostics.standardError.error(
                "--demo: \(simulatorPath) printed no URL within \(Int(startTimeout)) s; it said: \(said.isEmpty ? "nothing" : said)")
            return .configuration
        }
        print("Halo emulator on \(baseURL): \(accounts) accounts, \(eventsPerAccount) events each.")
        print("Running the connector (CEF to \(log)); its summary per account:")
        let connectorErrors = directory + "/halo-events.err"
        let connector = try ChildProcess(
            RunningExecutable.path,
            ["--auth", authFile, "--configdir", directory + "/state", "--ceffile", log, "--url", baseURL],
            stdout: "/dev/null", stderr: connectorErrors)
        let outcome = try connector.wait(timeout: runTimeout)
        let summary = (try? String(contentsOfFile: connectorErrors, encoding: .utf8)) ?? ""
        summary.split(separator: "\n").forEach { print("  " + $0) }
        try simulator.stop(timeout: stopTimeout)

        let lines = try String(contentsOfFile: log, encoding: .utf8)
        print("\nThe first \(shownLines) CEF lines:")
        lines.split(separator: "\n").prefix(shownLines).forEach { print("  " + $0.prefix(300) + ($0.count > 300 ? "…" : "")) }

        try PluginGenerator.plugin(for: SIDSeed.builtIn, location: log)
            .write(toFile: pluginPath, atomically: true, encoding: .isoLatin1)
        let parsed = try PluginTester(pluginPath: pluginPath).run(lines)
        print("\nThe OSSIM plugin (\(pluginPath)) over that log:")
        print(parsed.summary.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        print("What ossim-agent would send to the server, for the first \(shownEvents) events:")
        for event in parsed.events.prefix(shownEvents) {
            let f = event.fields
            let shown = ["plugin_sid", "date", "src_ip", "dst_ip", "username", "filename", "userdata1"]
                .compactMap { key in f[key].map { "\(key)=\($0.prefix(60))" } }
            print("  " + shown.joined(separator: " "))
        }
        print("\nEverything is in \(directory) (remove it when done).")
        return ExitStatus(rawValue: outcome.status) ?? .accountsFailed
    }

    private func makeDirectory() throws -> String {
        let name = "halo-events-demo-" + String(UInt32.random(in: .min ... .max), radix: 16)
        let path = Path.appending(name, to: FileManager.default.temporaryDirectory.path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
