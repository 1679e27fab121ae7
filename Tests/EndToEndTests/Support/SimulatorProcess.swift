import Foundation
import TestSupport

/// The real `halo-sim` executable, running as a child process on 127.0.0.1 for the length of a test.
final class SimulatorProcess: Sendable {
    /// `http://127.0.0.1:PORT`, as the emulator printed it.
    let baseURL: String
    /// The `key_id|secret` file the emulator wrote for its accounts.
    let authFile: String
    /// Every event the emulator will ever serve, `{"account":KEY_ID,"event":{…}}` per line.
    let truthFile: String
    private let process: RunningProcess

    struct StartError: Error, CustomStringConvertible { var description: String }

    /// Starts `halo-sim --port 0 --auth-file … --truth … <arguments>` and waits (up to 60 s) for its URL.
    init(arguments: [String], in directory: TemporaryDirectory, name: String = "sim") throws {
        authFile = directory.file("\(name).auth")
        truthFile = directory.file("\(name).truth.jsonl")
        process = try RunningProcess(
            TestPaths.executable("halo-sim"), ["--port", "0", "--auth-file", authFile, "--truth", truthFile] + arguments)
        guard let url = process.firstLine(within: 60), url.hasPrefix("http://127.0.0.1:") else {
            process.stop()
            throw StartError(description: "\(process.command) did not print its URL: \(process.stderr)")
        }
        baseURL = url
    }

    /// What the emulator wrote on standard error so far.
    var standardError: String { process.stderr }

    /// The ground truth: every event the emulator will ever serve.
    func truth() throws -> [TruthEvent] {
        try String(contentsOfFile: truthFile, encoding: .utf8).split(separator: "\n").map { try TruthEvent(jsonLine: $0) }
    }

    /// `GET /_sim/stats`, as text.
    func stats() throws -> String {
        try runProcess("/usr/bin/curl", ["-sS", "--max-time", "10", baseURL + "/_sim/stats"], timeout: 20).stdout
    }

    /// Stops the emulator (SIGTERM, then SIGKILL after 10 s).
    func stop() { process.stop() }
}

/// One event of the emulator's ground truth.
struct TruthEvent: @unchecked Sendable {
    /// The key id of the account that serves it.
    let account: String
    /// The event's fields as the emulator serves them.
    let fields: [String: Any]

    struct FormatError: Error, CustomStringConvertible { var description: String }

    init(jsonLine line: Substring) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let account = object["account"] as? String, let fields = object["event"] as? [String: Any]
        else { throw FormatError(description: "not a truth line: \(line.prefix(200))") }
        self.account = account
        self.fields = fields
    }

    var id: String { fields["id"] as? String ?? "" }
    /// A string field, `nil` when missing, `null` or not a string.
    func string(_ key: String) -> String? { fields[key] as? String }
}
