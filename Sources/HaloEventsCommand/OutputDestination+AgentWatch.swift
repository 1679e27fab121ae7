import HaloConnector
import HaloDelivery

extension OutputDestination {
    /// The watch of the agent reading this output: a file, with the agent's bookmarks in `<configdir>/agent`.
    func agentWatch(configDirectory: String) -> AgentWatch? {
        guard case .file(let path) = self else { return nil }
        return AgentWatch(log: path, configDirectory: configDirectory)
    }

    /// Opens the output (under the run lock) and, before anything is written, lets `watch` append again
    /// what a restarted agent skipped.
    func open(watchedBy watch: AgentWatch?, diagnostics: Diagnostics) async throws -> any BatchOutput {
        let output = try await open()
        if let watch {
            do {
                if let line = Sentences.agentWatch(try watch.reconcile(), log: watch.log) { diagnostics.say(line) }
            } catch {
                diagnostics.say(.warning("cannot check what ossim-agent read: \(error)"))
            }
        }
        return output
    }
}
