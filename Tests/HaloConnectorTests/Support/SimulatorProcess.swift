import Foundation
import HaloModel
import TestSupport

/// The real `halo-sim` executable serving on 127.0.0.1, with the files a `halo-events` process needs
/// (auth file, config directory, output path) in a temporary directory. Used where processes matter.
final class SimulatorProcess: @unchecked Sendable {
    let directory: TemporaryDirectory
    let baseURL: String
    let authFile: String
    let configDirectory: String
    let outputFile: String
    /// `key_id|secret` of each account, in order.
    let accounts: [(keyID: String, secret: String)]
    private let process: RunningProcess

    /// Starts `halo-sim --port 0 --accounts N --events N --seed S --no-late <extra>`.
    init(accounts: Int = 1, events: Int, seed: UInt64 = 7, extra: [String] = []) throws {
        directory = try TemporaryDirectory("sim")
        authFile = directory.file("haloEvents.auth")
        configDirectory = directory.file("state")
        outputFile = directory.file("events.json")
        process = try RunningProcess(TestPaths.executable("halo-sim"), [
            "--port", "0", "--accounts", String(accounts), "--events", String(events), "--seed", String(seed), "--no-late",
            "--auth-file", authFile, "--truth", directory.file("truth.jsonl"),
        ] + extra)
        guard let url = process.firstLine(within: 60), url.hasPrefix("http://127.0.0.1:") else {
            process.stop()
            throw ChildProcessError.timedOut(command: "halo-sim (no URL: \(process.stderr))", seconds: 60)
        }
        baseURL = url
        self.accounts = try String(contentsOfFile: authFile, encoding: .utf8).split(separator: "\n").map { line in
            let parts = line.split(separator: "|")
            return (String(parts[0]), String(parts[1]))
        }
    }

    /// Every event the emulator serves, per account key id, in order.
    func truth() throws -> [String: [HaloEvent]] {
        struct Line: Decodable {
            var account: String
            var event: HaloEvent
        }
        var byAccount: [String: [HaloEvent]] = [:]
        for line in try String(contentsOfFile: directory.file("truth.jsonl"), encoding: .utf8).split(separator: "\n") {
            let decoded = try JSONDecoder().decode(Line.self, from: Data(line.utf8))
            byAccount[decoded.account, default: []].append(decoded.event)
        }
        return byAccount
    }

    /// The ids of every event of every account.
    func truthIDs() throws -> [String] { try truth().values.flatMap { $0.compactMap(\.id) } }

    /// The ids of account `index`'s events, in order.
    func truthIDs(account index: Int) throws -> [String] { try truth()[accounts[index].keyID, default: []].compactMap(\.id) }

    /// `halo-events` arguments for a run against this emulator (JSON lines to `output`, or stdout when nil).
    func arguments(output: String?, configDirectory: String? = nil) -> [String] {
        ["--auth=\(authFile)", "--configdir=\(configDirectory ?? self.configDirectory)", "--url=\(baseURL)",
         "--retry-base-delay=0.01"] + (output.map { ["--jsonfile=\($0)"] } ?? [])
    }

    func outputLines() throws -> [String] { try ConnectorFixture.lines(of: outputFile) }

    /// Stops the emulator (SIGTERM: a graceful stop).
    func stop() { process.stop() }

    deinit { process.stop() }
}
