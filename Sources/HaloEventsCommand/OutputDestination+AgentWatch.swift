import HaloConnector
import HaloDelivery
import Synchronization

/// The agent watch of one run: what it found when the output was opened (kept for `--health`), and the
/// keeper of the agent's bookmark while the run writes.
final class AgentSession: Sendable {
    let finding = Mutex<AgentWatch.Finding?>(nil)
    private let keeper = Mutex<BookmarkKeeper?>(nil)

    /// Starts keeping the agent's bookmark (``BookmarkKeeper``), saying what it does on `diagnostics`.
    func keep(_ watch: AgentWatch, diagnostics: Diagnostics) {
        let started = BookmarkKeeper(watching: watch) { event in diagnostics.say(Sentences.bookmarkKeeper(event, log: watch.log, pidFile: watch.pidFile)) }
        keeper.withLock { $0 = started }
    }

    /// Stops the keeper, if it was started.
    func stopKeeping() async {
        await keeper.withLock { keeper in defer { keeper = nil }; return keeper }?.stop()
    }
}

extension OutputDestination {
    /// The watch of the agent reading this output: a file, with the agent's bookmarks in `<configdir>/agent`
    /// and its pid in `pidFile`.
    func agentWatch(configDirectory: String, pidFile: String = AgentProcess.defaultPidFile) -> AgentWatch? {
        guard case .file(let path) = self, var watch = AgentWatch(log: path, configDirectory: configDirectory) else { return nil }
        watch.pidFile = pidFile
        return watch
    }

    /// Opens the output (under the run lock) and, before anything is written, lets `watch` append again
    /// what a restarted agent skipped, or mend the bookmark of a stopped one; then keeps the bookmark
    /// while the run writes. What it found goes to `session` too.
    func open(watchedBy watch: AgentWatch?, diagnostics: Diagnostics, session: AgentSession) async throws -> any BatchOutput {
        let output = try await open()
        if let watch {
            do {
                let finding = try watch.reconcile()
                session.finding.withLock { $0 = finding }
                if let line = Sentences.agentWatch(finding, log: watch.log) { diagnostics.say(line) }
            } catch {
                diagnostics.say(.warning("cannot check what ossim-agent read: \(error)"))
            }
            session.keep(watch, diagnostics: diagnostics)
        }
        return output
    }
}
