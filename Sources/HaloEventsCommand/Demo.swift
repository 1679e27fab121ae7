import Foundation
import HaloAPI
import HaloConnector
import HaloModel
import HaloOutput
import HaloSIDMap
import HaloSimulator

/// `halo-events --demo`: the whole chain, offline, in under a minute.
///
/// Starts the Halo emulator in-process on 127.0.0.1 with a few accounts (adversarial values, equal-timestamp
/// bursts and event types the SID table does not know included), runs the real connector against it into a
/// temporary directory as cron would (CEF to a file), then reads that file with the OSSIM plugin generated
/// from the built-in SID table and shows what ossim-agent would send to the server.
struct Demo {
    var accounts = 3
    var eventsPerAccount = 400
    var shownLines = 5
    var shownEvents = 8

    /// Runs the demo; the exit status is the connector's.
    func run() async throws -> ExitStatus {
        let directory = try makeDirectory()
        let log = directory + "/cloudpassage-halo.log"
        let pluginPath = directory + "/cloudpassage-halo.cfg"

        var simulation = SimulatorConfiguration()
        simulation.accounts = accounts
        simulation.eventsPerAccount = eventsPerAccount
        simulation.catalogue = .sidSeed
        simulation.lateArrivals = nil
        let sim = try await HaloSimulator.start(simulation)
        let status: ExitStatus
        do {
            let authFile = directory + "/haloEvents.auth"
            try writePrivate(sim.accounts.map(\.authFileLine).joined(separator: "\n") + "\n", to: authFile)
            var api = HaloAPISettings()
            api.endpoint = try HaloEndpoint(url: sim.baseURL)
            let run = HaloEventsRun(
                configuration: ConnectorConfiguration(authFile: authFile, configDirectory: directory + "/state"),
                api: api, formatter: CEFFormatter(productVersion: HaloToolkit.version), destination: .file(log))
            print("Halo emulator on \(sim.baseURL): \(accounts) accounts, \(eventsPerAccount) events each.")
            print("Running the connector (CEF to \(log)); its summary per account:")
            (status, _) = await run.run(diagnostics: Diagnostics { print("  " + $0) })
        } catch {
            await sim.stop()
            throw error
        }
        await sim.stop()

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
        return status
    }

    private func makeDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "halo-events-demo-" + String(UInt32.random(in: .min ... .max), radix: 16)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func writePrivate(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
