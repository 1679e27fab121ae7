import Foundation
import HaloSimulator

/// The files `halo-sim` writes for its users: the auth file and the ground truth.
enum OutputFiles {
    /// A file that could not be created: which one, where, and the `errno` of `open`.
    struct WriteError: Error, CustomStringConvertible {
        let file: String
        let path: String
        let errno: Int32

        var description: String {
            "cannot write the \(file) \(path): \(String(cString: strerror(errno))). Check that its directory exists and is writable."
        }
    }

    /// Writes `key_id|secret` lines, readable by the owner only (0600).
    static func writeAuthFile(_ accounts: [SimulatedAccount], to path: String) throws {
        let text = accounts.map(\.authFileLine).joined(separator: "\n") + "\n"
        let handle = try open(path, what: "auth file")
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Writes every event of every account as `{"account":"<key id>","event":{…}}` lines, account by account.
    static func writeTruth(_ logs: [SimulatedEventLog], to path: String) throws {
        let handle = try open(path, what: "truth file")
        defer { try? handle.close() }
        var chunk = Data()
        chunk.reserveCapacity(1 << 20)
        for log in logs {
            let prefix = Data("{\"account\":\"\(log.account.keyID)\",\"event\":".utf8)
            for event in log {
                chunk.append(prefix)
                chunk.append(contentsOf: event.json.utf8)
                chunk.append(contentsOf: "}\n".utf8)
                if chunk.count >= 1 << 20 {
                    try handle.write(contentsOf: chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
        }
        try handle.write(contentsOf: chunk)
    }

    /// Creates or truncates `path` with mode 0600.
    private static func open(_ path: String, what: String) throws -> FileHandle {
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else {
            throw WriteError(file: what, path: path, errno: errno)
        }
        fchmod(fd, 0o600)
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }
}
