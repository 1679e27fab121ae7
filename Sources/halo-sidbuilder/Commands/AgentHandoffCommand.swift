import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloDelivery
import HaloPlatform

/// `halo-sidbuilder agent-handoff`: logrotate's `prerotate` for the connector's log (``AgentHandoff``).
struct AgentHandoffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent-handoff",
        abstract: "Before logrotate renames the log, or to restart ossim-agent: wait, holding the connector's lock, until ossim-agent has read it all.",
        discussion: """
            With --restart COMMAND: once the agent has read the whole log (or after --wait), runs COMMAND (e.g. \
            `systemctl restart ossim-agent`) holding the lock, and keeps it until the agent reads a probe line \
            appended after (up to --wait more): it starts at the end of the file, so no line is left behind it. \
            Exit 0 done, 1 the lock stayed busy or the command failed. Without --restart (logrotate's prerotate): \
            exit 0: rotate (the agent's bookmark line is the log's last line, or the log passed --max-megabytes \
            and is rotated with what the agent has not read, said on stderr); the connector's lock stays held \
            until the log's path names the new file. Exit 1: do not rotate now (the agent or a connector run \
            did not finish within --wait; nothing is lost, the log grows until the next rotation).
            """)

    @Argument(help: ArgumentHelp("The log ossim-agent reads (logrotate's $1).", valueName: "file")) var log: String
    @Option(help: ArgumentHelp("The plugin's bookmark_dir.", valueName: "dir")) var bookmarkDir = "/var/lib/halo-events/agent"
    @Option(help: ArgumentHelp("The connector's --configdir (its run lock).", valueName: "dir")) var configdir = "/var/lib/halo-events"
    @Option(help: ArgumentHelp("Seconds to wait for the lock and the agent.", valueName: "s")) var wait: Double = 600
    @Option(help: ArgumentHelp("Rotate even unread past this size (a stopped agent must not fill the disk).", valueName: "MiB"))
    var maxMegabytes: Int64 = 1024
    @Option(help: ArgumentHelp("Restart the agent with this shell command instead (see above).", valueName: "command"))
    var restart: String?

    func run() throws {
        let handoff = AgentHandoff(log: log, bookmarkDirectory: bookmarkDir, lockDirectory: configdir, wait: wait,
                                   maximumSize: maxMegabytes << 20)
        if let restart { return try restartAgent(handoff, running: restart) }
        let outcome: AgentHandoff.Outcome
        do {
            outcome = try handoff.prepareRotation()
        } catch {
            say("error: \(error); \(log) is not rotated now")
            throw ExitCode.failure
        }
        switch outcome {
        case .caughtUp, .noLog:
            return
        case .rotatedUnread(let position):
            say("warning: ossim-agent has not read \(behind(position)) of \(log) after \(Int(wait)) s and the log is past \(maxMegabytes) MiB: rotated anyway; those lines stay in the rotated file and do not reach OSSIM (is ossim-agent running? its plugin has bookmark_dir=\(bookmarkDir)?)")
        case .putOff(let position):
            say("warning: rotation of \(log) put off: ossim-agent has still \(behind(position)) to read after \(Int(wait)) s (is it running? its plugin has bookmark_dir=\(bookmarkDir)?); nothing is lost, the log is rotated once it has caught up")
            throw ExitCode.failure
        case .lockBusy:
            say("warning: rotation of \(log) put off: a connector run held the lock for \(Int(wait)) s; nothing is lost")
            throw ExitCode.failure
        }
    }

    private func restartAgent(_ handoff: AgentHandoff, running command: String) throws {
        let outcome: AgentHandoff.RestartOutcome
        do {
            outcome = try handoff.restartAgent(running: command)
        } catch {
            say("error: \(error); ossim-agent not restarted")
            throw ExitCode.failure
        }
        switch outcome {
        case .restarted(let caughtUp, let reading):
            if !caughtUp { say("warning: ossim-agent had not read all of \(log) after \(Int(wait)) s; restarted anyway: the next halo-events run appends what it skipped again") }
            if !reading { say("warning: ossim-agent did not read \(log) within \(Int(wait)) s of its restart (is it running? its plugin has bookmark_dir=\(bookmarkDir)?)") }
        case .commandFailed(let status):
            say("error: `\(command)` exited \(status)")
            throw ExitCode.failure
        case .lockBusy:
            say("warning: ossim-agent not restarted: a connector run held the lock for \(Int(wait)) s")
            throw ExitCode.failure
        }
    }

    private func behind(_ position: AgentPosition?) -> String {
        guard let position else { return "an unknown part" }
        guard let lines = position.unreadLines else { return "all (its bookmark's line is not in the log)" }
        return "\(lines) lines"
    }

    private func say(_ text: String) {
        Descriptor.writeToStandardError("\(iso8601(Date())) halo-sidbuilder agent-handoff: \(text)\n")
    }
}
