import Foundation

public enum MariaDBError: Error, CustomStringConvertible {
    case notInstalled(String)
    case failed(String)

    public var description: String {
        switch self {
        case .notInstalled(let tool):
            return "\(tool) is not installed; run `apt-get update && apt-get install -y mariadb-server`"
        case .failed(let message): return message
        }
    }
}

/// A real MariaDB server started for a test in its own temporary directory: its own data directory and
/// unix socket, no TCP, no system service (as in ../shared/reference/testing-real-parts.md). Stopped
/// (SIGTERM, then SIGKILL) when released.
public final class MariaDBServer: @unchecked Sendable {
    public let directory: TemporaryDirectory
    /// The server's unix socket.
    public var socket: String { directory.file("sock") }
    private let process: Process

    /// Initializes a data directory and starts `mariadbd`; returns once it answers queries (at most 60 s).
    public init() throws {
        for tool in ["/usr/bin/mariadb-install-db", "/usr/sbin/mariadbd", "/usr/bin/mariadb"] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw MariaDBError.notInstalled(tool)
        }
        directory = try TemporaryDirectory("mariadb")
        // A temporary directory of its own: the server's temporary tables never meet another process's /tmp clean-up.
        let tmpdir = directory.file("tmp")
        try FileManager.default.createDirectory(atPath: tmpdir, withIntermediateDirectories: true)
        let install = try runProcess("/usr/bin/mariadb-install-db", [
            "--no-defaults", "--datadir=\(directory.file("data"))", "--auth-root-authentication-method=normal", "--user=root",
            "--tmpdir=\(tmpdir)",
        ], timeout: 120)
        guard install.status == 0 else { throw MariaDBError.failed("mariadb-install-db failed: \(install.stderr)") }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/mariadbd")
        process.arguments = [
            "--no-defaults", "--datadir=\(directory.file("data"))", "--socket=\(directory.file("sock"))",
            "--skip-networking", "--user=root", "--pid-file=\(directory.file("pid"))", "--tmpdir=\(tmpdir)",
            "--log-error=\(directory.file("error.log"))",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if !process.isRunning {
                throw MariaDBError.failed("mariadbd exited: " + ((try? String(contentsOfFile: directory.file("error.log"), encoding: .utf8)) ?? ""))
            }
            if FileManager.default.fileExists(atPath: socket), (try? execute("SELECT 1")) != nil { return }
            usleep(100_000)
        }
        stop()
        throw MariaDBError.failed("mariadbd did not answer within 60 s")
    }

    /// Runs SQL with the `mariadb` client (what `ossim-db` is); throws with the client's message on error.
    @discardableResult
    public func execute(_ sql: String, database: String? = nil) throws -> String {
        try run(stdin: Data(sql.utf8), database: database, batch: false)
    }

    /// Loads a file of SQL the way `cat file | ossim-db` does.
    public func load(file path: String, database: String) throws {
        try run(stdin: try Data(contentsOf: URL(fileURLWithPath: path)), database: database, batch: false)
    }

    /// Rows of a query, each a list of column values (`NULL` as "NULL").
    public func query(_ sql: String, database: String? = nil) throws -> [[String]] {
        try run(stdin: Data(sql.utf8), database: database, batch: true)
            .split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    @discardableResult
    private func run(stdin: Data, database: String?, batch: Bool) throws -> String {
        var arguments = ["--no-defaults", "--socket=\(socket)", "-uroot"]
        if batch { arguments += ["--batch", "--skip-column-names", "--raw"] }
        if let database { arguments.append(database) }
        let result = try runProcess("/usr/bin/mariadb", arguments, stdin: stdin, timeout: 60)
        guard result.status == 0 else { throw MariaDBError.failed("mariadb: \(result.stderr)") }
        return result.stdout
    }

    /// Stops the server (SIGTERM, up to 20 s, then SIGKILL).
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}
