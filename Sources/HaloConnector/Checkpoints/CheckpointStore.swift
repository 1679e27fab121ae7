#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloModel
import HaloPlatform

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
        let base = Path.lastComponent(of: authFile)
        stem = base.hasSuffix(".auth") ? String(base.dropLast(5)) : base
        let legacyName = base.replacing(".auth", with: ".config")
        legacyFile = legacyName == base ? nil : Path.appending(legacyName, to: directory)
    }

    /// The checkpoint file of `keyID`.
    public func path(for keyID: String) -> String {
        Path.appending("\(stem).\(keyID).checkpoint", to: directory)
    }

    /// The checkpoint of `keyID`, or `nil` when it has none.
    public func load(keyID: String) throws(ConnectorError) -> Checkpoint? {
        let path = path(for: keyID)
        func failure(_ code: ConnectorError.Code) -> ConnectorError { ConnectorError(code, path: path, keyID: keyID) }
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size <= CheckpointStore.maximumSize else {
            throw failure(.checkpointNotRegular(limit: CheckpointStore.maximumSize))
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw failure(.checkpointUnreadable(errno: errno)) }
        let checkpoint: Checkpoint
        do {
            checkpoint = try JSONDecoder().decode(Checkpoint.self, from: data)
        } catch {
            throw failure(.checkpointDamaged(detail: CheckpointStore.explain(error)))
        }
        guard checkpoint.keyID == keyID else { throw failure(.checkpointOfAnotherKey(found: checkpoint.keyID)) }
        return checkpoint
    }

    /// Writes `checkpoint` atomically and durably (see the type's documentation). Only ``BatchWriter`` and ``reposition(keyID:to:holding:observer:)`` call this.
    func save(_ checkpoint: Checkpoint) throws(ConnectorError) {
        let path = path(for: checkpoint.keyID)
        do {
            try AtomicFile.write(Array(checkpoint.fileText.utf8), to: path, mode: 0o600)
        } catch {
            throw ConnectorError(.checkpointNotSaved(error), path: path, keyID: checkpoint.keyID)
        }
    }

    /// The key ids that have a checkpoint file here (whether or not the auth file still lists them).
    public func keyIDsWithCheckpoints() throws(ConnectorError) -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            let code = ((error as? CocoaError)?.underlying as? POSIXError)?.code.rawValue ?? EIO
            throw ConnectorError(.configDirectoryUnlistable(errno: code), path: directory)
        }
        let prefix = stem + ".", suffix = ".checkpoint"
        return names.compactMap { name in
            guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else { return nil }
            let id = String(name.dropFirst(prefix.count).dropLast(suffix.count))
            return AuthFile.isValidKeyID(id) ? id : nil
        }.sorted()
    }

    /// The original connector's timestamp for `keyID` (`key_id|timestamp`), if its file lists one.
    public func legacyTimestamp(keyID: String) throws(ConnectorError) -> HaloTimestamp? {
        guard let legacyFile, let data = FileManager.default.contents(atPath: legacyFile) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let fields = line.trimmingWhitespaceAndNewlines().split(separator: "|", omittingEmptySubsequences: false)
            guard fields.count == 2, fields[0] == keyID else { continue }
            guard let t = HaloTimestamp(iso8601: fields[1]) else {
                throw ConnectorError(.legacyTimestampDamaged(line: index + 1), path: legacyFile, keyID: keyID)
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
