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

/// Text read from a pipe by a background thread, readable while it grows.
final class StreamText: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var ended = false
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let fd = pipe.fileHandleForReading.fileDescriptor
        DispatchQueue.global().async {
            // read(2) directly: FileHandle traps on EINTR, which SIGCHLD of other children can cause.
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                self.lock.lock()
                self.data.append(contentsOf: buffer[..<n])
                self.lock.unlock()
            }
            self.lock.lock()
            self.ended = true
            self.lock.unlock()
            self.done.signal()
        }
    }

    var finished: Bool {
        lock.lock()
        defer { lock.unlock() }
        return ended
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    /// The whole text once the writer closed the pipe (at most 10 s after the process ended).
    func waitForEnd() -> String {
        if !finished { _ = done.wait(timeout: .now() + 10) }
        return text
    }
}
