import Foundation
import HaloTesting

/// The toolkit installed by the real `make install` into a temporary root, from the executables this
/// test run built (`BINARIES=`, so no release build).
///
/// Two layouts, both with everything physically under ``root``:
/// - ``Layout/rooted``: `PREFIX`, `SYSCONFDIR` and `LOCALSTATEDIR` inside the root, so the installed
///   cron, logrotate and script files name the temporary paths and run as they are;
/// - ``Layout/staged``: `PREFIX=/usr DESTDIR=root`, as a package build does; the files name `/usr`,
///   `/etc` and `/var`, and a test moves those paths under the root with ``PathRewriter/under(root:)``.
struct Installation {
    enum Layout { case rooted, staged }

    let root: TemporaryDirectory
    let layout: Layout
    /// Extra `make` variables given to every `make` call (e.g. `ROTATE`).
    let variables: [String: String]

    init(_ layout: Layout, variables: [String: String] = [:]) throws {
        self.root = try TemporaryDirectory("halo-install")
        self.layout = layout
        self.variables = variables
    }

    /// The `make` variables that place the installation.
    var makeVariables: [String: String] {
        var v = variables
        v["BINARIES"] = TestPaths.products.path
        switch layout {
        case .rooted:
            v["PREFIX"] = root.file("usr")
            v["SYSCONFDIR"] = root.file("etc")
            v["LOCALSTATEDIR"] = root.file("var")
        case .staged:
            v["PREFIX"] = "/usr"
            v["DESTDIR"] = root.path
        }
        return v
    }

    /// Runs `make -C <repo> <target>` with the installation's variables (and `extra`); throws on failure.
    @discardableResult
    func make(_ target: String, _ extra: [String: String] = [:]) throws -> ProcessResult {
        let variables = makeVariables.merging(extra) { $1 }
        let arguments = ["-C", TestPaths.repoRoot.path, target] + variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let result = try runProcess("/usr/bin/make", arguments, timeout: 300)
        guard result.status == 0 else {
            throw InstallationError(description: "make \(target) failed (\(result.status)):\n\(result.stdout)\n\(result.stderr)")
        }
        return result
    }

    /// The rewriting `make install` applied to the shipped files.
    var installRewriter: PathRewriter {
        switch layout {
        case .rooted: return .install(prefix: root.file("usr"), sysconfdir: root.file("etc"), localstatedir: root.file("var"))
        case .staged: return .install(prefix: "/usr")
        }
    }

    /// Turns a path as the installed files name it into where it is on disk.
    func onDisk(_ text: String) -> String {
        layout == .staged ? PathRewriter.under(root: root.path).apply(text) : text
    }

    // Where things are on disk.
    var binDirectory: String { root.file("usr/bin") }
    func executable(_ name: String) -> String { root.file("usr/bin/\(name)") }
    var dataDirectory: String { root.file("usr/share/halo-ossim-toolkit") }
    var cronFile: String { root.file("etc/cron.d/cloudpassage-halo") }
    var logrotateFile: String { root.file("etc/logrotate.d/cloudpassage-halo") }
    var pluginFile: String { root.file("etc/ossim/agent/plugins/cloudpassage-halo.cfg") }
    var authFile: String { root.file("etc/halo-events/haloEvents.auth") }
    var stateDirectory: String { root.file("var/lib/halo-events") }
    var sidTable: String { root.file("var/lib/halo-events/cloudpassage-halo.sqlite") }
    var cefLog: String { root.file("var/log/cloudpassage-halo.log") }
    var messagesLog: String { root.file("var/log/halo-events.log") }
    /// ossim-agent's pid file as the installed cron line names it (`--agent-pid-file`).
    var agentPidFile: String { root.file("var/run/ossim-agent.pid") }

    /// The installed cron file, read as cron reads it.
    func cronTable() throws -> CronTable { try CronTable(path: cronFile) }
}

struct InstallationError: Error, CustomStringConvertible {
    var description: String
}
