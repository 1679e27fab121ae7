#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloCommandLine
import HaloPlatform

/// The scratch directory of one benchmark run (auth files, checkpoints, outputs, SID databases); removed
/// at the end unless kept.
final class BenchDirectory {
    let path: String
    private let keep: Bool

    init(keep: Bool) throws {
        let temporary = FileManager.default.temporaryDirectory.path
        var template = Array(Path.appending("halo-bench-XXXXXX", to: temporary).utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ChildProcess.Failure(description: "cannot create a scratch directory in \(temporary): \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
        self.keep = keep
    }

    /// The path of `name` inside the directory.
    func file(_ name: String) -> String { path + "/" + name }

    /// A new empty subdirectory.
    func directory(_ name: String) throws -> String {
        let made = file(name)
        try? FileManager.default.removeItem(atPath: made)
        try FileManager.default.createDirectory(atPath: made, withIntermediateDirectories: true)
        return made
    }

    /// The text of `name` (empty when it cannot be read).
    func read(_ name: String) -> String {
        (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? ""
    }

    /// Removes `name` (a file or a directory) if it exists.
    func remove(_ name: String) {
        try? FileManager.default.removeItem(atPath: file(name))
    }

    deinit {
        if !keep { try? FileManager.default.removeItem(atPath: path) }
    }
}
