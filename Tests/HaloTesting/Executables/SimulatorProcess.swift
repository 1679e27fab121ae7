import Foundation
import HaloModel

/// The real `halo-sim` executable serving on 127.0.0.1 as a child process for the length of a test,
/// with the files it wrote (auth file, ground truth) and the places a `halo-events` run against it
/// needs (config directory, output file), all in one temporary directory. Stopped (SIGTERM) when released.
public final class SimulatorProcess: @unchecked Sendable {
    /// The directory holding the emulator's files.
    public let directory: TemporaryDirectory
    /// `http://127.0.0.1:PORT`, as the emulator printed it.
    public let baseURL: String
    /// The `key_id|secret` file the emulator wrote for its accounts.
    public let authFile: String
    /// Every event the emulator will ever serve (see ``TruthLog``).
    public let truthFile: String
    /// A config directory (checkpoints, lock) for runs against it.
    public let configDirectory: String
    /// An output file for runs against it.
    public let outputFile: String
    /// `key_id|secret` of each account, in order.
    public let accounts: [(keyID: String, secret: String)]
    private let process: RunningProcess

    /// Why the emulator did not start.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The path of the built `halo-sim`.
    public static var path: String { TestPaths.executable("halo-sim") }

    /// Starts `halo-sim --port 0 <arguments>` and waits (up to `seconds`) for the URL it prints first.
    public static func launch(_ arguments: [String], within seconds: Double = 120) throws -> (process: RunningProcess, baseURL: String) {
        let process = try RunningProcess(path, ["--port", "0"] + arguments)
        guard let url = process.firstLine(within: seconds), url.hasPrefix("http://127.0.0.1:") else {
            process.stop()
            throw StartError(description: "\(process.command) did not print its URL: \(process.stderr)")
        }
        return (process, url)
    }

    /// Starts `halo-sim --port 0 --auth-file DIR/NAME.auth --truth DIR/NAME.truth.jsonl <arguments>` in
    /// `directory` and waits (up to 120 s) for its URL.
    public init(arguments: [String], in directory: TemporaryDirectory, name: String = "sim") throws {
        self.directory = directory
        authFile = directory.file("\(name).auth")
        truthFile = directory.file("\(name).truth.jsonl")
        configDirectory = directory.file("state")
        outputFile = directory.file("events.json")
        (process, baseURL) = try Self.launch(["--auth-file", authFile, "--truth", truthFile] + arguments)
        accounts = try Self.accounts(inAuthFile: authFile)
    }

    /// The `key_id|secret` lines of an auth file `halo-sim` wrote.
    public static func accounts(inAuthFile authFile: String) throws -> [(keyID: String, secret: String)] {
        try String(contentsOfFile: authFile, encoding: .utf8).split(separator: "\n").map { line in
            let parts = line.split(separator: "|").map(String.init)
            guard parts.count == 2 else { throw StartError(description: "not a key_id|secret line in \(authFile): \(line)") }
            return (parts[0], parts[1])
        }
    }

    /// Starts `halo-sim --accounts N --events N --seed S --no-late <extra>` in a temporary directory of its
    /// own, its auth file named `haloEvents.auth` as the original connector's.
    public convenience init(accounts: Int = 1, events: Int, seed: UInt64 = 7, extra: [String] = []) throws {
        try self.init(
            arguments: ["--accounts", String(accounts), "--events", String(events), "--seed", String(seed), "--no-late"] + extra,
            in: try TemporaryDirectory("sim"), name: "haloEvents")
    }

    /// What the emulator wrote on standard error so far.
    public var standardError: String { process.stderr }

    /// The ground truth: every event the emulator will ever serve.
    public func truth() throws -> TruthLog { try TruthLog(path: truthFile) }

    /// The events account `index` serves, in order.
    public func truth(account index: Int) throws -> [HaloEvent] { try truth().events(ofAccount: accounts[index].keyID) }

    /// The ids of every event of every account.
    public func truthIDs() throws -> [String] { try truth().events.map(\.id) }

    /// The ids of account `index`'s events, in order.
    public func truthIDs(account index: Int) throws -> [String] { try truth(account: index).compactMap(\.id) }

    /// `halo-events` arguments for a run against this emulator (JSON lines to `output`, or stdout when nil).
    public func arguments(output: String?, configDirectory: String? = nil) -> [String] {
        HaloEventsProcess.arguments(
            authFile: authFile, configDirectory: configDirectory ?? self.configDirectory, url: baseURL, output: output)
    }

    /// The lines of ``outputFile``.
    public func outputLines() throws -> [String] { try OutputFile.lines(of: outputFile) }

    /// `GET /_sim/stats`, as text.
    public func stats() throws -> String {
        try runProcess("/usr/bin/curl", ["-sS", "--max-time", "10", baseURL + "/_sim/stats"], timeout: 20).stdout
    }

    /// Stops the emulator (SIGTERM: a graceful stop; SIGKILL after 10 s).
    public func stop() { process.stop() }

    deinit { process.stop() }
}
