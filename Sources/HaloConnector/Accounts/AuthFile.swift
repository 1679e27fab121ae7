#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform

/// The auth file: one `key_id|secret` line per Halo account.
///
/// `#` comments, blank lines, surrounding blanks, CRLF line ends and a UTF-8 byte-order mark are
/// tolerated; any number of keys may be listed. A malformed line is refused by number, without echoing
/// it (it may hold a secret); a key id listed twice is refused; a file group or others may read is
/// accepted with a warning.
public struct AuthFile: Sendable {
    /// The path as given.
    public let path: String
    /// The keys, in file order.
    public let keys: [APIKey]
    /// The file's permission bits when it was read from disk: a file group or others may read is worth a warning.
    public let mode: UInt32?

    /// Whether group or others may read the file.
    public var isOpenToOthers: Bool { (mode ?? 0) & 0o077 != 0 }

    /// Largest auth file read (a file bigger than this is not an auth file).
    static let maximumSize = 4 << 20

    /// Reads and checks the auth file at `path`.
    public static func load(path: String) throws(ConnectorError) -> AuthFile {
        var st = stat()
        guard stat(path, &st) == 0 else { throw ConnectorError(.authFileMissing(errno: errno), path: path) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw ConnectorError(.authFileNotRegular, path: path) }
        guard st.st_size <= maximumSize else {
            throw ConnectorError(.authFileTooBig(bytes: Int64(st.st_size), limit: maximumSize), path: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConnectorError(.authFileUnreadable(errno: errno), path: path)
        }
        return try AuthFile(path: path, contents: [UInt8](data), mode: UInt32(st.st_mode & 0o7777))
    }

    /// Parses auth-file `contents`; `mode` (permission bits) is the file's, when it was read from disk.
    public init(path: String, contents: [UInt8], mode: UInt32? = nil) throws(ConnectorError) {
        func failure(_ code: ConnectorError.Code) -> ConnectorError { ConnectorError(code, path: path) }
        self.path = path
        self.mode = mode
        var bytes = contents[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.contains(0) { throw failure(.authFileBinary) }
        guard let text = String(data: Data(bytes), encoding: .utf8) else { throw failure(.authFileNotUTF8) }

        var keys: [APIKey] = []
        var lineOfKey: [String: Int] = [:]
        // "\r\n" is one Character in Swift: split on both line ends.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            let line = rawLine.trimming { Unicode.Scalar.isBlank($0) || $0 == "\r" }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            guard fields.count == 2 else { throw failure(.authLineMalformed(line: number, fields: fields.count)) }
            let keyID = fields[0].trimmingWhitespace()
            let secret = fields[1].trimmingWhitespace()
            guard !keyID.isEmpty else { throw failure(.authLineKeyIDEmpty(line: number)) }
            guard AuthFile.isValidKeyID(keyID) else { throw failure(.authLineKeyIDInvalid(line: number)) }
            guard !secret.isEmpty else { throw failure(.authLineSecretEmpty(line: number, keyID: keyID)) }
            guard secret.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw failure(.authLineSecretInvalid(line: number, keyID: keyID))
            }
            if let first = lineOfKey[keyID] {
                throw failure(.authLineKeyRepeated(line: number, keyID: keyID, firstLine: first))
            }
            lineOfKey[keyID] = number
            keys.append(APIKey(keyID: keyID, secret: secret))
        }
        guard !keys.isEmpty else { throw failure(.authFileHasNoKey) }
        self.keys = keys
    }

    /// Key ids name checkpoint files, so they are kept to a safe alphabet: ASCII letters, digits, `-`, `_`.
    static func isValidKeyID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
            }
    }
}
