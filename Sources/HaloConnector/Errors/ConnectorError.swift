import HaloModel
import HaloPlatform

/// What stopped a run, or one account of it, on the connector's side (the files it reads and writes):
/// the facts, never a sentence. `halo-events` turns each into one sentence that says what to do.
///
/// Like AsyncHTTPClient's `HTTPClientError`, one type with a ``code`` that callers switch over.
public struct ConnectorError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable {
        // The auth file.
        /// It is not there, or its directory cannot be searched (`errno` of `stat`).
        case authFileMissing(errno: Int32)
        /// It cannot be read (`errno`).
        case authFileUnreadable(errno: Int32)
        case authFileNotRegular
        case authFileTooBig(bytes: Int64, limit: Int)
        /// It holds NUL bytes.
        case authFileBinary
        case authFileNotUTF8
        /// Line `line` is not `key_id|secret`: it has `fields` fields (1: no `|`).
        case authLineMalformed(line: Int, fields: Int)
        case authLineKeyIDEmpty(line: Int)
        /// The key id is not letters, digits, `-` and `_` (at most 64).
        case authLineKeyIDInvalid(line: Int)
        case authLineSecretEmpty(line: Int, keyID: String)
        /// The secret holds a blank, control or non-ASCII character.
        case authLineSecretInvalid(line: Int, keyID: String)
        case authLineKeyRepeated(line: Int, keyID: String, firstLine: Int)
        case authFileHasNoKey

        // The config directory and its lock.
        case configDirectoryNotADirectory
        case configDirectoryUncreatable(errno: Int32)
        case configDirectoryUnlistable(errno: Int32)
        /// Another run holds the lock (its pid, when the lock file tells).
        case lockHeld(holder: String?)
        case lockUnavailable(errno: Int32)

        // Checkpoints (``path`` is the checkpoint file).
        case checkpointNotRegular(limit: Int)
        case checkpointUnreadable(errno: Int32)
        /// Not a checkpoint this program wrote; `detail` says what is wrong in it.
        case checkpointDamaged(detail: String)
        case checkpointOfAnotherKey(found: String)
        /// A batch a crashed run left pending could not be settled before this account ran.
        case checkpointPendingUnsettled
        case checkpointNotSaved(SystemCallError)
        /// The original connector's timestamp file has a damaged timestamp for the key at `line`.
        case legacyTimestampDamaged(line: Int)
        /// A batch a crashed run left half-written in the output file ``path`` could not be cut off.
        case pendingBatchNotCut(SystemCallError)
        /// The output could not be closed at the end of the run (`detail`: the output's error).
        case outputNotClosed(detail: String)
    }

    public var code: Code
    /// The file concerned (auth file, config directory, lock, checkpoint, output), when there is one.
    public var path: String?
    /// The account concerned, when there is one.
    public var keyID: String?

    public init(_ code: Code, path: String? = nil, keyID: String? = nil) {
        self.code = code
        self.path = path
        self.keyID = keyID
    }

    /// A plain description for logs and test failures; `halo-events` says more.
    public var description: String {
        var parts = ["\(code)"]
        if let path { parts.append("path \(path)") }
        if let keyID { parts.append("key \(keyID)") }
        return "ConnectorError(" + parts.joined(separator: ", ") + ")"
    }
}
