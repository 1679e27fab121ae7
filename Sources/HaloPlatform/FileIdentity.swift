/// Which file a path named at some moment, and how long it was: enough to recognise the file after
/// logrotate renamed it, and to tell whether a batch reached it.
public struct FileIdentity: Sendable, Hashable, Codable {
    public var device: UInt64
    public var inode: UInt64
    /// Length in bytes.
    public var size: Int64

    public init(device: UInt64, inode: UInt64, size: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
    }

    /// Whether `other` is the same file (device and inode), whatever its length.
    public func isSameFile(as other: FileIdentity) -> Bool { device == other.device && inode == other.inode }

    /// The identity of the file at `path`, or `nil` when there is none (`errno` says why).
    public static func of(path: String) -> FileIdentity? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileIdentity(st)
    }

    /// The identity of the file open on `fd`, or `nil` when `fstat` fails (`errno` says why).
    public static func of(descriptor fd: Int32) -> FileIdentity? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return FileIdentity(st)
    }

    private init(_ st: stat) {
        self.init(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size))
    }
}
