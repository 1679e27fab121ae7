#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform
import HaloSIDMap

/// Looks at ossim-agent every ``interval`` while a run writes its log, and mends its bookmark when it
/// stops (``BookmarkKeeping``): started again during the run or after it, the agent reads on after its
/// last line instead of at the end of the file.
public final class BookmarkKeeper: Sendable {
    /// What the keeper did or saw.
    public enum Event: Sendable, Hashable {
        /// The agent is not running; its bookmark now names where its last line starts, or the line before
        /// when it dropped its last (``AgentWatch/Mend``). `guessed`: the agent was killed while rewriting it
        /// (empty or half written): it now names the last line seen in it, at most an interval's lines (about
        /// 10 at the agent's 1 000 a second) before the one the agent had read.
        case mended(AgentWatch.Mend, guessed: Bool)
        /// The agent restarted between two looks, too quickly for its bookmark to be mended.
        case restartedUnseen(from: Int32, to: Int32)
        /// Mending failed.
        case failed(String)
    }

    /// Short, because a bookmark found empty gets the line seen at the look before: each look costs a stat,
    /// a bookmark read and a read of the log's last bytes (tens of microseconds).
    public static let interval: Duration = .milliseconds(10)
    private let task: Task<Void, Never>

    /// Starts looking at the agent reading `watch`'s log; `report` hears every event (from another task).
    public init(watching watch: AgentWatch, stillFor: Double = 0.3, report: @escaping @Sendable (Event) -> Void) {
        task = Task.detached {
            var keeping = BookmarkKeeping(stillFor: stillFor)
            var seen: [UInt8]?
            while !Task.isCancelled {
                _ = Self.look(watch, &keeping, seen: &seen, report: report)
                try? await Task.sleep(for: BookmarkKeeper.interval)
            }
            // The run is over: an agent found stopped with lines left is still mended before the process ends.
            let last = Date().addingTimeInterval(stillFor + 0.2)
            while Self.look(watch, &keeping, seen: &seen, report: report), Date() < last { usleep(50_000) }
        }
    }

    /// Stops looking (waiting at most a moment more for an agent found stopped with lines left).
    public func stop() async {
        task.cancel()
        await task.value
    }

    /// One look; `true` when the agent is not running with lines left and its bookmark not yet mended.
    /// `seen`: the last line read in the bookmark, which stands for it when it is there but unreadable.
    private static func look(
        _ watch: AgentWatch, _ keeping: inout BookmarkKeeping, seen: inout [UInt8]?, report: @Sendable (Event) -> Void
    ) -> Bool {
        let path = AgentBookmark.path(directory: watch.bookmarkDirectory, log: watch.log)
        var line = AgentBookmark.read(path: path)?.line
        let unreadable = line == nil && FileManager.default.fileExists(atPath: path)
        if unreadable { line = seen } else { seen = line }
        let agent = AgentProcess.of(pidFile: watch.pidFile)
        let caughtUp = line.map { LogScan.ends(watch.log, with: $0) } ?? true
        switch keeping.look(agent: agent, bookmarkLine: line, caughtUp: caughtUp, at: Date().timeIntervalSince1970) {
        case .none:
            return agent == .notRunning && !caughtUp && !keeping.hasMended(line)
        case .restartedUnseen(let from, let to):
            report(.restartedUnseen(from: from, to: to))
        case .mend(let line):
            do {
                if let mend = try watch.mendBookmark(expecting: line, unreadable: unreadable) {
                    keeping.mended(mend.line)
                    seen = mend.line
                    report(.mended(mend, guessed: unreadable))
                }
            } catch {
                report(.failed("\(error)"))
            }
        }
        return false
    }
}
