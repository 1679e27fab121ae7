import Foundation
import Testing
import HaloTesting

/// A minimal Debian root (`debootstrap --variant=minbase`), made once and cached outside the work tree in
/// `/var/cache/halo-ossim-toolkit/<suite>-root`, and a private copy of it for one test, with `/proc`
/// mounted (the Swift runtime needs it) and commands run in it by `chroot`. The chroot shares the host's
/// network, so a server on the host's 127.0.0.1 is reachable from inside.
final class DebianRoot: @unchecked Sendable {
    /// The copy's directory on the host.
    let path: String
    private let directory: TemporaryDirectory
    private var procMounted = false

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Copies the cached root of `suite` (made first when missing) and mounts `/proc` in the copy.
    /// Cancels the test (a skip, with the reason) only when the package archive cannot be reached to make it.
    init(suite: String) throws {
        let cached = try DebianRoot.cachedRoot(suite: suite)
        directory = try TemporaryDirectory("halo-\(suite)-root")
        path = directory.path
        try DebianRoot.succeed("/bin/cp", ["-a", cached + "/.", path], timeout: 600)
        try DebianRoot.succeed("/usr/bin/mount", ["-t", "proc", "proc", path + "/proc"], timeout: 60)
        procMounted = true
    }

    /// A path inside the root, as seen from the host.
    func file(_ pathInRoot: String) -> String { path + pathInRoot }

    /// Runs `command` with `/bin/sh -c` inside the root, in `environment` (default: a root login's).
    func run(_ command: String, environment: [String: String]? = nil, timeout: Double = 120) throws -> ProcessResult {
        let env = environment ?? ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root", "LOGNAME": "root", "SHELL": "/bin/sh"]
        return try runProcess("/usr/sbin/chroot", [path, env["SHELL"] ?? "/bin/sh", "-c", command], environment: env, timeout: timeout)
    }

    /// Unmounts `/proc` (lazily, so a process of a failed test that still holds it cannot keep it mounted);
    /// called again by `deinit`, before the copy is removed.
    func close() {
        guard procMounted else { return }
        _ = try? runProcess("/usr/bin/umount", ["--lazy", path + "/proc"], timeout: 60)
        procMounted = false
    }

    deinit { close() }

    /// The cached root: made in a temporary directory beside it and renamed into place, so a half-made
    /// root (debootstrap interrupted) is never taken for a cached one.
    private static func cachedRoot(suite: String) throws -> String {
        let cache = "/var/cache/halo-ossim-toolkit"
        let root = "\(cache)/\(suite)-root"
        let fm = FileManager.default
        if fm.fileExists(atPath: root + "/var/lib/dpkg/status") { return root }
        try fm.createDirectory(atPath: cache, withIntermediateDirectories: true)
        for leftover in try fm.contentsOfDirectory(atPath: cache) where leftover.hasPrefix("\(suite)-root.partial-") {
            try fm.removeItem(atPath: "\(cache)/\(leftover)")
        }
        let mirror = try debianMirror()
        let probe = try runProcess("/usr/bin/curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "30",
                                                     "\(mirror)/dists/\(suite)/Release"], timeout: 60)
        if probe.status != 0 || probe.stdout != "200" {
            try Test.cancel("debootstrap cannot reach the package archive \(mirror) for \(suite) (\(probe.stdout) \(probe.stderr)): no Debian root to install the package in")
        }
        let partial = "\(root).partial-\(UUID().uuidString.prefix(8))"
        let made = try runProcess("/usr/sbin/debootstrap", ["--variant=minbase", suite, partial, mirror], timeout: 1800)
        guard made.status == 0 else {
            try? fm.removeItem(atPath: partial)
            throw Failure(description: "debootstrap --variant=minbase \(suite) failed (\(made.status)): \(made.stdout.suffix(2000))\(made.stderr.suffix(2000))")
        }
        try fm.moveItem(atPath: partial, toPath: root)
        return root
    }

    /// The Debian archive this machine installs from: the first `URIs:` (deb822) or `deb URI` entry in
    /// `/etc/apt/sources.list.d/*` whose path ends in `/debian`.
    private static func debianMirror() throws -> String {
        let directory = "/etc/apt/sources.list.d"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory).sorted()) ?? []
        for file in files {
            guard let text = try? String(contentsOfFile: "\(directory)/\(file)", encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
                guard words.first == "URIs:" || words.first == "deb" else { continue }
                if let uri = words.dropFirst().first(where: { $0.hasPrefix("http") && $0.trimmingCharacters(in: ["/"]).hasSuffix("/debian") }) {
                    return uri
                }
            }
        }
        throw Failure(description: "no Debian archive (a URI ending in /debian) in \(directory)/*")
    }

    private static func succeed(_ executable: String, _ arguments: [String], timeout: Double) throws {
        let result = try runProcess(executable, arguments, timeout: timeout)
        guard result.status == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
    }
}
