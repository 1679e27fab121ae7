import Foundation
import HaloTesting

/// The project's model of ossim-agent (`halo-sidbuilder tail`, installed) following the installed CEF log
/// with the installed plugin's `bookmark_dir` (or, as the plugin was before it had one, without), as a process of its own: started, stopped (as our tools
/// restart it) or killed (`kill -9`), and started again; what it read accumulates in ``receivedFile``.
final class AgentModel: @unchecked Sendable {
    let installation: Installation
    let rate: Int
    let receivedFile: String
    /// Whether it keeps a bookmark (the plugin's `bookmark_dir`).
    let bookmarks: Bool
    private(set) var process: RunningProcess?
    /// Every process's standard error (its log), so far.
    private(set) var logs: [String] = []

    /// `pidFile`: where it writes its pid (default: the agent's pid file the installed cron line names).
    init(_ installation: Installation, rate: Int = 1000, bookmarks: Bool = true, pidFile: String? = nil) {
        self.installation = installation
        self.rate = rate
        self.bookmarks = bookmarks
        self.pidFile = pidFile ?? installation.agentPidFile
        receivedFile = installation.root.file("agent-received.log")
    }

    /// The installed plugin's bookmark directory.
    var bookmarkDirectory: String { installation.stateDirectory + "/agent" }

    /// Where the model writes its pid, and where one started by ``restartCommand`` writes its log.
    let pidFile: String
    var restartedLog: String { installation.root.file("agent-restarted.log") }

    private var arguments: [String] {
        ["tail", installation.cefLog] + (bookmarks ? ["--bookmark-dir", bookmarkDirectory] : [])
            + ["--rate", "\(rate)", "--out", receivedFile, "--pid-file", pidFile]
    }

    /// Starts the model (it seeks to the end of the log, as the agent does without a usable bookmark).
    func start() throws {
        try FileManager.default.createDirectory(atPath: (pidFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        process = try RunningProcess(installation.executable("halo-sidbuilder"), arguments)
    }

    /// A shell command that restarts the model as a service manager would: stops the running one (this
    /// object's, or the one a previous such command started), waits `down` seconds, starts a new one in the
    /// background (its pid in ``pidFile``).
    func restartCommand(down: Double) -> String {
        let start = ([installation.executable("halo-sidbuilder")] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return """
            pid=$(cat '\(pidFile)'); kill -TERM "$pid"; i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
            sleep \(down); \(start) </dev/null >/dev/null 2>>'\(restartedLog)' &
            """
    }

    /// Kills (SIGKILL) the model a ``restartCommand`` started, if any.
    func killRestarted() {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
              pid != process?.pid else { return }
        kill(pid, SIGKILL)
    }

    /// Ends the model with `signal` (SIGKILL: without warning) and keeps its log.
    func stop(_ signal: Int32 = SIGKILL) {
        guard let process else { return }
        process.send(signal)
        _ = try? process.wait(timeout: 10)
        logs.append(process.stderr)
        self.process = nil
    }

    /// The lines it has read so far.
    func received() -> [Substring] {
        let text = (try? String(contentsOfFile: receivedFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: true)
    }

    /// Waits (polling, up to `seconds`) until it has read `count` lines (those `counted`), or has read nothing
    /// new for `stillFor` seconds; the number read.
    func waitForLines(_ count: Int, within seconds: Double, stillFor: Double = .infinity,
                      counted: (Substring) -> Bool = { _ in true }) -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        func lines() -> Int { received().filter(counted).count }
        var read = lines(), since = Date()
        while read < count, Date() < deadline, Date().timeIntervalSince(since) < stillFor {
            usleep(500_000)
            let now = lines()
            if now != read { (read, since) = (now, Date()) }
        }
        return read
    }

    deinit {
        process?.stop()
        killRestarted()
    }
}
