#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform

/// The executable this process runs: where the toolkit's executables look for their companions (the auth
/// file and checkpoints beside `halo-events`, `halo-sim` beside `halo-events`, the products beside `halo-bench`).
public enum RunningExecutable {
    /// The absolute path of the running executable, symbolic links resolved (the target of `/proc/self/exe`;
    /// the first command-line argument where there is no `/proc`).
    public static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The directory of ``path``.
    public static var directory: String {
        Path.directory(of: path)
    }
}
