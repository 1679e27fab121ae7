/// The bytes a line-oriented sink writes for a batch: every line followed by `\n`, in order, as UTF-8.
///
/// Shared by ``StdoutSink`` and the callers of ``FileSink/append(_:)``, so that the length the connector
/// records before appending a batch to a file is exactly the length appended.
public enum LineBytes {
    /// The UTF-8 bytes of `lines`, each terminated by a line feed.
    public static func encode(_ lines: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count + 1 })
        for line in lines {
            bytes.append(contentsOf: line.utf8)
            bytes.append(0x0A)
        }
        return bytes
    }
}
