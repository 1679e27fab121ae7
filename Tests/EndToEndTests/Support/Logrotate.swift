import Foundation
import HaloTesting

/// The real `logrotate` run on a configuration in a temporary directory, with its own state file.
struct Logrotate {
    /// The configuration file given to logrotate.
    let configuration: String
    let stateFile: String

    static let executable = ["/usr/sbin/logrotate", "/sbin/logrotate", "/usr/bin/logrotate"]
        .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/logrotate"

    /// Writes `text` as the configuration (mode 0644: logrotate ignores a group- or world-writable one).
    init(configuration text: String, in directory: TemporaryDirectory, name: String = "halo.logrotate") throws {
        configuration = directory.file(name)
        stateFile = directory.file("logrotate.state")
        try text.write(toFile: configuration, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: configuration)
    }

    /// `logrotate -d`: reads and checks the configuration, changes nothing.
    func check() throws -> ProcessResult {
        try runProcess(Logrotate.executable, ["-d", "-s", stateFile, configuration], timeout: 60)
    }

    /// `logrotate -f`: rotates now.
    func forceRotation() throws -> ProcessResult {
        try runProcess(Logrotate.executable, ["-f", "-s", stateFile, configuration], timeout: 60)
    }
}
