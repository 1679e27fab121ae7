import HaloPlatform
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
        let fd = try open(path, what: "auth file")
        defer { close(fd) }
        try Descriptor.writeAll(fd, Array(text.utf8), on: path)
    }

    /// Writes every event of every account as `{"account":"<key id>","event":{…}}` lines, account by account.
    static func writeTruth(_ logs: [SimulatedEventLog], to path: String) throws {
        let fd = try open(path, what: "truth file")
        defer { close(fd) }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 20)
        for log in logs {
            let prefix = Array("{\"account\":\"\(log.account.keyID)\",\"event\":".utf8)
            for event in log {
                chunk.append(contentsOf: prefix)
                chunk.append(contentsOf: event.json.utf8)
                chunk.append(contentsOf: "}\n".utf8)
                if chunk.count >= 1 << 20 {
                    try Descriptor.writeAll(fd, chunk, on: path)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
        }
        try Descriptor.writeAll(fd, chunk, on: path)
    }

    /// Creates or truncates `path` with mode 0600; the descriptor.
    private static func open(_ path: String, what: String) throws -> Int32 {
        let fd = HaloPlatform.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else {
            throw WriteError(file: what, path: path, errno: errno)
        }
        fchmod(fd, 0o600)
        return fd
    }
}
