import Foundation

/// A child process running in the background while a test goes on: its output is collected by
/// background threads (so it never blocks on a full pipe), it can be killed at any moment, and waited for
/// with a time limit.
public final class RunningProcess: @unchecked Sendable {
    public let command: String
    private let process: Process
    private let out: StreamText
    private let err: StreamText

    /// Starts `executable` with `arguments` (stdin: /dev/null).
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        command = ([executable] + arguments).joined(separator: " ")
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        out = StreamText(outPipe)
        err = StreamText(errPipe)
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// Standard output and error so far.
    public var stdout: String { out.text }
    public var stderr: String { err.text }

    /// Waits (up to `seconds`) for the first line of standard output.
    public func firstLine(within seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let text = out.text
            if let newline = text.firstIndex(of: "\n") { return String(text[..<newline]) }
            if !process.isRunning && out.finished { return nil }
            usleep(5_000)
        }
        return nil
    }

    /// Sends `signal` (e.g. `SIGKILL`).
    public func send(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Waits for the end (SIGKILL after `timeout` seconds, then throws) and returns status and output.
    @discardableResult
    public func wait(timeout: Double = 120) throws -> ProcessResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw ChildProcessError.timedOut(command: command, seconds: timeout)
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, stdout: out.waitForEnd(), stderr: err.waitForEnd(),
            signaled: process.terminationReason == .uncaughtSignal)
    }

    /// Stops the process (SIGTERM, SIGKILL after 10 s) if it still runs.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}
