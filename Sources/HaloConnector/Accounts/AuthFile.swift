import Foundation

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
    /// Things worth telling the operator that do not stop the run (e.g. the file's permissions).
    public let warnings: [String]

    /// Largest auth file read (a file bigger than this is not an auth file).
    static let maximumSize = 4 << 20

    /// Reads and checks the auth file at `path`.
    public static func load(path: String) throws(ConfigurationError) -> AuthFile {
        var st = stat()
        guard stat(path, &st) == 0 else {
            let reason = String(cString: strerror(errno))
            throw ConfigurationError(
                "cannot read auth file \(path): \(reason). Create it with one line `key_id|secret` per Halo API key "
                    + "(chmod 600), or name it with --auth=FILE.")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw ConfigurationError("auth file \(path) is not a regular file: name the file with --auth=FILE.")
        }
        guard st.st_size <= maximumSize else {
            throw ConfigurationError(
                "auth file \(path) is \(st.st_size) bytes, too big for an auth file (at most \(maximumSize)): check --auth.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = String(cString: strerror(errno))
            throw ConfigurationError("cannot read auth file \(path): \(reason). Check its owner and mode (chmod 600).")
        }
        return try AuthFile(path: path, contents: [UInt8](data), mode: UInt32(st.st_mode & 0o7777))
    }

    /// Parses auth-file `contents`; `mode` (permission bits), when given, is checked for group/other access.
    public init(path: String, contents: [UInt8], mode: UInt32? = nil) throws(ConfigurationError) {
        self.path = path
        var bytes = contents[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.contains(0) {
            throw ConfigurationError("auth file \(path) is binary (holds NUL bytes), not `key_id|secret` lines: check --auth.")
        }
        guard let text = String(data: Data(bytes), encoding: .utf8) else {
            throw ConfigurationError("auth file \(path) is not UTF-8 text: check --auth, and save it as plain text.")
        }

        var keys: [APIKey] = []
        var lineOfKey: [String: Int] = [:]
        // "\r\n" is one Character in Swift: split on both line ends.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            let whereText = "auth file \(path) line \(number)"
            guard fields.count == 2 else {
                let found = fields.count == 1 ? "no `|`" : "\(fields.count) fields"
                throw ConfigurationError(
                    "\(whereText): expected `key_id|secret`, found \(found). Fix or remove the line (it is not shown here: it may hold a secret).")
            }
            let keyID = fields[0].trimmingCharacters(in: .whitespaces)
            let secret = fields[1].trimmingCharacters(in: .whitespaces)
            guard !keyID.isEmpty else { throw ConfigurationError("\(whereText): the key id before `|` is empty.") }
            guard AuthFile.isValidKeyID(keyID) else {
                throw ConfigurationError(
                    "\(whereText): the key id is not a Halo key id (letters, digits, `-` and `_`, at most 64): "
                        + "check that the line is `key_id|secret` in that order.")
            }
            guard !secret.isEmpty else {
                throw ConfigurationError("\(whereText) (key \(keyID)): the secret after `|` is empty.")
            }
            guard secret.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw ConfigurationError(
                    "\(whereText) (key \(keyID)): the secret holds a blank, control or non-ASCII character: copy it again from the Halo portal.")
            }
            if let first = lineOfKey[keyID] {
                throw ConfigurationError(
                    "\(whereText): key \(keyID) is already listed on line \(first): list each key once.")
            }
            lineOfKey[keyID] = number
            keys.append(APIKey(keyID: keyID, secret: secret))
        }
        guard !keys.isEmpty else {
            throw ConfigurationError("auth file \(path) lists no API key: add a line `key_id|secret` per Halo account.")
        }
        self.keys = keys

        var warnings: [String] = []
        if let mode, mode & 0o077 != 0 {
            warnings.append(
                "auth file \(path) is open to group or others (mode \(String(mode, radix: 8))): "
                    + "it holds API secrets; run chmod 600 \(path)")
        }
        self.warnings = warnings
    }

    /// Key ids name checkpoint files, so they are kept to a safe alphabet: ASCII letters, digits, `-`, `_`.
    static func isValidKeyID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
            }
    }
}
