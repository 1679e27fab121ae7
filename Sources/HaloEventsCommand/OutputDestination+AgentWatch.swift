import HaloConnector
import HaloDelivery
import Synchronization

/// What the agent watch found when the output was opened, kept for `--health`.
final class AgentFinding: Sendable {
    let value = Mutex<AgentWatch.Finding?>(nil)
}

extension OutputDestination {
    /// The watch of the agent reading this output: a file, with the agent's bookmarks in `<configdir>/agent`.
    func agentWatch(configDirectory: String) -> AgentWatch? {
        guard case .file(let path) = self else { return nil }
        return AgentWatch(log: path, configDirectory: configDirectory)
    }

    /// Opens the output (under the run lock) and, before anything is written, lets `watch` append again
    /// what a restarted agent skipped; what it found goes to `found` too.
    func open(watchedBy watch: AgentWatch?, diagnostics: Diagnostics, found: AgentFinding? = nil) async throws -> any BatchOutput {
        let output = try await open()
        if let watch {
            do {
                let finding = try watch.reconcile()
                found?.value.withLock { $0 = finding }
                if let line = Sentences.agentWatch(finding, log: watch.log) { diagnostics.say(line) }
            } catch {
                diagnostics.say(.warning("cannot check what ossim-agent read: \(error)"))
            }
        }
        return output
    }
}
