import Foundation

/// The outcome of a finished child process.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// True when the process ended by a signal (e.g. `kill -9`), with `status` the signal number.
    public var signaled: Bool
}

public enum ChildProcessError: Error, CustomStringConvertible {
    case timedOut(command: String, seconds: Double)
    public var description: String {
        switch self {
        case .timedOut(let command, let seconds): return "\(command) did not finish within \(seconds) s"
        }
    }
}

/// Runs an executable to completion with a time limit, capturing stdout and stderr.
/// The child is killed (SIGKILL) if it outlives `timeout`.
@discardableResult
public func runProcess(
    _ executable: String,
    _ arguments: [String],
    environment: [String: String]? = nil,
    currentDirectory: String? = nil,
    stdin: Data? = nil,
    timeout: Double = 120
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    process.standardInput = inPipe
    let out = StreamText(outPipe), err = StreamText(errPipe)
    try process.run()
    if let stdin { inPipe.fileHandleForWriting.write(stdin) }
    try? inPipe.fileHandleForWriting.close()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
        if Date() > deadline {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw ChildProcessError.timedOut(command: ([executable] + arguments).joined(separator: " "), seconds: timeout)
        }
        usleep(2_000)
    }
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus,
        stdout: out.waitForEnd(),
        stderr: err.waitForEnd(),
        signaled: process.terminationReason == .uncaughtSignal
    )
}
