import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform
import HaloSIDMap
import Synchronization

/// Set by SIGTERM: the model stops as the agent does (``AgentTail/run(until:stopping:)``).
private let stopRequested = Atomic<Bool>(false)

/// `halo-sidbuilder tail`: the project's model of ossim-agent following its log (``AgentTail``), as a
/// process of its own, to be stopped, killed (`kill -9`) and started again like the agent.
struct Tail: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow a log as ossim-agent does (a model, for tests): every line it reads is appended to --out.",
        discussion: """
            Stats the log before every line and switches to a new file at once on a rename (the rest of the old \
            file is never read); at start seeks to the end unless the line at the bookmark's offset is its line \
            (the offset it writes is wrong, as the agent's is); rewrites --bookmark-dir/<log name>.bmk after \
            every line (by its path, truncated first); waits 1 s when no whole line is there. Runs \
            until SIGTERM (a clean stop, as the agent's: the pid file removed, then a line left to read is read, \
            bookmarked and dropped) or SIGKILL.
            """)

    @Argument(help: ArgumentHelp("The log to follow.", valueName: "file")) var file: String
    @Option(help: ArgumentHelp("The plugin's bookmark_dir (none: no bookmark).", valueName: "dir")) var bookmarkDir: String?
    @Option(help: ArgumentHelp("Lines read a second at most.", valueName: "n")) var rate: Double = 1000
    @Option(help: ArgumentHelp("Where every line read goes (appended): what reached OSSIM.", valueName: "file")) var out: String
    @Option(help: ArgumentHelp("Write this process's id here (as the agent's pid file).", valueName: "file")) var pidFile: String?

    func validate() throws {
        guard rate > 0 else { throw ValidationError("--rate must be more than 0 lines a second") }
    }

    func run() throws {
        // Stopped like the agent by SIGTERM, even when started by a parent that ignores or blocks it.
        signal(SIGTERM) { _ in stopRequested.store(true, ordering: .relaxed) }
        var term = sigset_t()
        sigemptyset(&term)
        sigaddset(&term, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &term, nil)
        let fd = open(out, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            printError("cannot open \(out): \(String(cString: strerror(errno)))")
            throw ExitCode(Exit.cannotCreate)
        }
        if let pidFile {
            guard FileManager.default.createFile(atPath: pidFile, contents: Data("\(getpid())\n".utf8)) else {
                printError("cannot write \(pidFile)")
                throw ExitCode(Exit.cannotCreate)
            }
        }
        let tail = AgentTail(path: file, bookmarkDirectory: bookmarkDir, rate: rate, send: { line in
            _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        }, say: { Descriptor.writeToStandardError("halo-sidbuilder tail: \($0)\n") })
        tail.run(until: { stopRequested.load(ordering: .relaxed) }, stopping: {
            if let pidFile { unlink(pidFile) }
        })
    }
}
