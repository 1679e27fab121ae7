import Foundation
import HaloModel

/// The checkpoint files of one auth file, in the config directory: `<stem>.<key id>.checkpoint`, where
/// `<stem>` is the auth file's name without `.auth` (`haloEvents.auth` → `haloEvents.f88fec2c.checkpoint`).
///
/// Each save is atomic and durable: a temporary file is written (mode 0600) and `fsync`ed, renamed over the
/// checkpoint, and the directory is `fsync`ed; a crash leaves either the old or the new checkpoint, whole.
/// The timestamp file of the original connector (`<auth basename with .auth → .config>`, `key_id|timestamp`
/// lines) is read once, for an account that has no checkpoint yet; it is never written.
public struct CheckpointStore: Sendable {
    /// The config directory.
    public let directory: String
    /// The auth file's name without `.auth`.
    public let stem: String
    /// The original connector's timestamp file, when the auth file's name allows one.
    public let legacyFile: String?

    /// The largest checkpoint file read (a checkpoint holds at most ``DeliveryCursor/maximumIDs`` ids, twice
    /// while a batch is pending: a few MiB).
    static let maximumSize = 64 << 20

    public init(directory: String, authFile: String) {
        self.directory = directory
        let base = (authFile as NSString).lastPathComponent
        stem = base.hasSuffix(".auth") ? String(base.dropLast(5)) : base
        let legacyName = base.replacingOccurrences(of: ".auth", with: ".config")
        legacyFile = legacyName == base ? nil : (directory as NSString).appendingPathComponent(legacyName)
    }

    /// The checkpoint file of `keyID`.
    public func path(for keyID: String) -> String {
        (directory as NSString).appendingPathComponent("\(stem).\(keyID).checkpoint")
    }

    /// The checkpoint of `keyID`, or `nil` when it has none.
    public func load(keyID: String) throws(AccountError) -> Checkpoint? {
        let path = path(for: keyID)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size <= CheckpointStore.maximumSize else {
            throw AccountError(
                "checkpoint \(path) is not a regular file of at most \(CheckpointStore.maximumSize >> 20) MiB: move it away to start this account again from --starting (events may then repeat)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AccountError("cannot read checkpoint \(path): \(String(cString: strerror(errno))); check its owner and mode")
        }
        let checkpoint: Checkpoint
        do {
            checkpoint = try JSONDecoder().decode(Checkpoint.self, from: data)
        } catch {
            throw AccountError(
                "checkpoint \(path) is damaged (\(CheckpointStore.explain(error))): restore it from a backup, or move it away to start this account again from --starting (events may then repeat)")
        }
        guard checkpoint.keyID == keyID else {
            throw AccountError("checkpoint \(path) belongs to key \(checkpoint.keyID), not \(keyID): restore the right file or move it away")
        }
        return checkpoint
    }

    /// Writes `checkpoint` atomically and durably (see the type's documentation).
    public func save(_ checkpoint: Checkpoint) throws(AccountError) {
        let path = path(for: checkpoint.keyID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(checkpoint) } catch {
            throw AccountError("cannot encode checkpoint \(path): \(error)")
        }
        do {
            try AtomicFile.write([UInt8](data) + [0x0A], to: path, mode: 0o600)
        } catch {
            throw AccountError("cannot save checkpoint: \(error). Check that the config directory \(directory) is writable and not full")
        }
    }

    /// The key ids that have a checkpoint file here (whether or not the auth file still lists them).
    public func keyIDsWithCheckpoints() throws(ConfigurationError) -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw ConfigurationError("cannot list config directory \(directory): \(error)")
        }
        let prefix = stem + ".", suffix = ".checkpoint"
        return names.compactMap { name in
            guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else { return nil }
            let id = String(name.dropFirst(prefix.count).dropLast(suffix.count))
            return AuthFile.isValidKeyID(id) ? id : nil
        }.sorted()
    }

    /// The original connector's timestamp for `keyID` (`key_id|timestamp`), if its file lists one.
    public func legacyTimestamp(keyID: String) throws(AccountError) -> HaloTimestamp? {
        guard let legacyFile, let data = FileManager.default.contents(atPath: legacyFile) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let fields = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|", omittingEmptySubsequences: false)
            guard fields.count == 2, fields[0] == keyID else { continue }
            guard let t = HaloTimestamp(iso8601: fields[1]) else {
                throw AccountError(
                    "\(legacyFile) line \(index + 1): the saved timestamp of key \(keyID) is not ISO-8601; fix it or remove the line (the account then starts from --starting)")
            }
            return t
        }
        return nil
    }

    static func explain(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "wrong value at \(path.isEmpty ? "top level" : path)"
        default: return "not JSON"
        }
    }
}
