import Foundation
import HaloEventsCommand
import HaloModel
import HaloTesting
import Testing

/// The API key without an auth file on disk: `HALO_API_KEY` + `HALO_API_SECRET_KEY`, and systemd's
/// `$CREDENTIALS_DIRECTORY/haloEvents.auth`; the secret never appears in anything the run writes.
@Suite("Keys from the environment and systemd credentials") struct KeySourceTests {
    /// This process's environment without any key source, plus `extra`.
    private func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["HALO_API_KEY", "HALO_API_SECRET_KEY", "CREDENTIALS_DIRECTORY"] { environment[name] = nil }
        return environment.merging(extra) { $1 }
    }

    /// Every byte under `directory`, file by file.
    private func everything(under directory: String) throws -> [(String, Data)] {
        let fm = FileManager.default
        let files = fm.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []
        return try files.compactMap { name in
            let path = (directory as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
            return (path, try Data(contentsOf: URL(fileURLWithPath: path)))
        }
    }

    @Test("HALO_API_KEY and HALO_API_SECRET_KEY: one account read in full; no output, file or checkpoint holds the secret")
    func environmentKeys() throws {
        let sim = try SimulatorProcess(accounts: 2, events: 400)
        defer { sim.stop() }
        let account = sim.accounts[1]
        let work = try TemporaryDirectory("env-keys")
        let state = work.file("state")
        let arguments = ["--configdir=\(state)", "--url=\(sim.baseURL)", "--retry-base-delay=0.01", "--ceffile=\(work.file("out.cef"))", "-v"]
        let keys = ["HALO_API_KEY": account.keyID, "HALO_API_SECRET_KEY": account.secret]
        let r = try runProcess(HaloEventsProcess.path, arguments, environment: environment(keys))
        #expect(r.status == 0, "\(r.stderr)")
        let said = StampedLines.lines(of: r.stderr)
        #expect(said.last?.hasPrefix("halo-events: key \(account.keyID): ok, \(try sim.truth(account: 1).count) events delivered") == true, "\(said)")
        #expect(!said.contains { $0.contains(sim.accounts[0].keyID) }, "only the environment's account: \(said)")

        // A wrong secret fails the account; a key id without its secret (and the reverse) is refused before any request.
        let wrong = try runProcess(HaloEventsProcess.path, arguments, environment: environment(keys.merging(["HALO_API_SECRET_KEY": account.secret + "x"]) { $1 }))
        #expect(wrong.status == ExitStatus.accountsFailed.rawValue, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("key \(account.keyID): FAILED: Halo refused the key"), "\(wrong.stderr)")
        let half = try runProcess(HaloEventsProcess.path, arguments, environment: environment(["HALO_API_SECRET_KEY": account.secret]))
        #expect(half.status == ExitStatus.configuration.rawValue, "\(half.stderr)")
        #expect(half.stderr.contains("HALO_API_KEY is not set, but HALO_API_SECRET_KEY is"), "\(half.stderr)")
        let spaced = try runProcess(HaloEventsProcess.path, arguments, environment: environment(keys.merging(["HALO_API_SECRET_KEY": "a b" + account.secret]) { $1 }))
        #expect(spaced.status == ExitStatus.configuration.rawValue && spaced.stderr.contains("HALO_API_SECRET_KEY (key \(account.keyID)) holds a blank"), "\(spaced.stderr)")

        let secret = Data(account.secret.utf8)
        for result in [r, wrong, half, spaced] {
            #expect(!result.stdout.contains(account.secret) && !result.stderr.contains(account.secret), "\(result.stderr)")
        }
        let written = try everything(under: work.path)
        #expect(written.contains { $0.0.hasSuffix("out.cef") } && written.count >= 2, "the output and a checkpoint: \(written.map(\.0))")
        for (path, bytes) in written { #expect(bytes.range(of: secret) == nil, "\(path) holds the secret") }
    }

    @Test("$CREDENTIALS_DIRECTORY/haloEvents.auth when no --auth is given; the environment's key before it, --auth before both")
    func credentialsDirectory() throws {
        let sim = try SimulatorProcess(accounts: 2, events: 300)
        defer { sim.stop() }
        let work = try TemporaryDirectory("credentials")
        let credentials = work.file("credentials")
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: sim.authFile, toPath: credentials + "/haloEvents.auth")
        chmod(credentials + "/haloEvents.auth", 0o400)
        func run(_ name: String, _ extra: [String: String], auth: String? = nil) throws -> [String] {
            let arguments = ["--configdir=\(work.file(name))", "--url=\(sim.baseURL)", "--jsonfile=\(work.file(name + ".json"))"]
                + (auth.map { ["--auth=\($0)"] } ?? [])
            let r = try runProcess(HaloEventsProcess.path, arguments, environment: environment(extra))
            #expect(r.status == 0, "\(name): \(r.stderr)")
            return StampedLines.lines(of: r.stderr)
        }
        let both = sim.accounts.map(\.keyID)
        let fromCredentials = try run("credential", ["CREDENTIALS_DIRECTORY": credentials])
        #expect(fromCredentials.count == 2 && zip(fromCredentials, both).allSatisfy { $0.hasPrefix("halo-events: key \($1): ok, ") }, "\(fromCredentials)")
        let delivered = try DeliveredEvents(lines: try OutputFile.lines(of: work.file("credential.json")))
        #expect(Set(delivered.events.compactMap(\.id)) == Set(try sim.truthIDs()))

        let environmentFirst = try run("environment", [
            "CREDENTIALS_DIRECTORY": credentials, "HALO_API_KEY": sim.accounts[0].keyID, "HALO_API_SECRET_KEY": sim.accounts[0].secret,
        ])
        #expect(environmentFirst.count == 1 && environmentFirst[0].hasPrefix("halo-events: key \(both[0]): ok, "), "\(environmentFirst)")

        let oneLine = work.file("one.auth")
        try "\(sim.accounts[1].keyID)|\(sim.accounts[1].secret)\n".write(toFile: oneLine, atomically: true, encoding: .utf8)
        chmod(oneLine, 0o600)
        let flagFirst = try run("flag", [
            "CREDENTIALS_DIRECTORY": credentials, "HALO_API_KEY": sim.accounts[0].keyID, "HALO_API_SECRET_KEY": sim.accounts[0].secret,
        ], auth: oneLine)
        #expect(flagFirst.count == 1 && flagFirst[0].hasPrefix("halo-events: key \(both[1]): ok, "), "\(flagFirst)")
    }
}
