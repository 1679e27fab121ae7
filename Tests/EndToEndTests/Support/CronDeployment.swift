import Foundation
import HaloTesting

/// The toolkit installed by `make install` into a temporary root (``Installation/Layout/rooted``, so the
/// installed cron file names temporary paths), a `halo-sim` whose accounts fill the installed auth file,
/// and the installed cron file's commands, run as cron runs them.
///
/// The installed cron file is checked to be the shipped one with only its paths rewritten; the only
/// change a test makes to a command is `--url=<the emulator>` after `halo-events`.
final class CronDeployment: Sendable {
    let installation: Installation
    let simulator: SimulatorProcess
    let cron: CronTable
    /// A directory put first on the commands' `PATH` (e.g. for an `ossim-db`).
    let toolDirectory: String

    init(simulatorArguments: [String], installVariables: [String: String] = [:]) throws {
        installation = try Installation(.rooted, variables: installVariables)
        try installation.make("install")
        simulator = try SimulatorProcess(arguments: simulatorArguments, in: installation.root)
        // The emulator's keys replace the sample auth file; the installed file's mode (0600) stays.
        let keys = try String(contentsOfFile: simulator.authFile, encoding: .utf8)
        try keys.write(toFile: installation.authFile, atomically: false, encoding: .utf8)
        // The installed cron file is the shipped one with only its paths moved into the temporary root.
        let shipped = try String(contentsOf: TestPaths.repoRoot.appendingPathComponent("cron/cloudpassage-halo"), encoding: .utf8)
        guard try String(contentsOfFile: installation.cronFile, encoding: .utf8) == installation.installRewriter.apply(shipped) else {
            throw InstallationError(description: "\(installation.cronFile) is not cron/cloudpassage-halo with its paths rewritten")
        }
        cron = try installation.cronTable()
        toolDirectory = installation.root.file("tools")
        try FileManager.default.createDirectory(atPath: toolDirectory, withIntermediateDirectories: true)
    }

    /// The connector's entry of the installed cron file.
    var connectorEntry: CronTable.Entry {
        get throws {
            guard let entry = cron.entry(running: "halo-events") else { throw InstallationError(description: "no halo-events line in \(installation.cronFile)") }
            return entry
        }
    }

    /// The daily job's entry of the installed cron file.
    var dailyEntry: CronTable.Entry {
        get throws {
            guard let entry = cron.entry(running: "halo-sidmap-update") else {
                throw InstallationError(description: "no halo-sidmap-update line in \(installation.cronFile)")
            }
            return entry
        }
    }

    /// The connector's cron command, pointed at the emulator.
    var connectorCommand: String {
        get throws {
            let command = try connectorEntry.command
            guard let range = command.range(of: "/halo-events ") else { throw InstallationError(description: "cannot place --url in: \(command)") }
            return command.replacingCharacters(in: range, with: "/halo-events --url=\(simulator.baseURL) ")
        }
    }

    /// Runs the connector's cron command to its end.
    @discardableResult
    func runConnector(timeout: Double = 300) throws -> ProcessResult {
        try cron.run(connectorCommand, standardInput: connectorEntry.standardInput, home: installation.root.path,
                     extraPath: toolDirectory, timeout: timeout)
    }

    /// Starts the connector's cron command without waiting.
    func startConnector() throws -> RunningProcess {
        try cron.start(connectorCommand, home: installation.root.path, extraPath: toolDirectory)
    }

    /// Runs the daily job's cron command, as installed, to its end.
    @discardableResult
    func runDailyJob(timeout: Double = 300) throws -> ProcessResult {
        let entry = try dailyEntry
        return try cron.run(entry.command, standardInput: entry.standardInput, home: installation.root.path,
                            extraPath: toolDirectory, timeout: timeout)
    }

    /// Installs an executable script `name` in ``toolDirectory``.
    func addTool(_ name: String, script: String) throws {
        let path = (toolDirectory as NSString).appendingPathComponent(name)
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    /// The connector's messages log (its standard error, as the cron line redirects it).
    func messages() -> String {
        (try? String(contentsOfFile: installation.messagesLog, encoding: .utf8)) ?? ""
    }
}
