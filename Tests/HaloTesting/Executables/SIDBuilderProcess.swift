import Foundation

/// The real `halo-sidbuilder` executable, run as a child process.
public enum SIDBuilderProcess {
    /// The path of the built `halo-sidbuilder`.
    public static var path: String { TestPaths.executable("halo-sidbuilder") }

    /// Runs it to the end (at most `timeout` seconds) in `directory` (the test's own when nil), `stdin` on
    /// its standard input.
    @discardableResult
    public static func run(_ arguments: [String], in directory: String? = nil, stdin: Data? = nil, timeout: Double = 60) throws -> ProcessResult {
        try runProcess(path, arguments, currentDirectory: directory, stdin: stdin, timeout: timeout)
    }
}
