import HaloPlatform

/// One open file read line by line through a read-ahead buffer, as Python's `codecs` reader reads the
/// agent's log: ``position`` is where the next line starts, ``readAhead`` how far the file has been read,
/// which is what the agent writes into its bookmark.
final class TailReader {
    let fd: Int32
    let device: UInt64
    let inode: UInt64
    private var buffer: [UInt8] = []
    /// Where in `buffer` the next line starts, and how far it has been searched for a newline.
    private var head = 0
    private var searched = 0
    /// The file offset of the next line.
    private var bufferStart: Int64
    /// How many bytes of the file were read into the buffer so far (the file descriptor's offset).
    private(set) var readAhead: Int64

    /// The read-ahead chunk: the size Python's codec reader asks for.
    static let chunk = 72 * 8

    /// Opens `path` for reading at `offset`, or returns `nil` when it cannot be opened.
    init?(path: String, at offset: Int64 = 0) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0 else { close(fd); return nil }
        self.fd = fd
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        bufferStart = offset
        readAhead = offset
    }

    deinit { close(fd) }

    /// The file's length now.
    var size: Int64 {
        var st = stat()
        return fstat(fd, &st) == 0 ? Int64(st.st_size) : 0
    }

    /// Where the next line starts.
    var position: Int64 { bufferStart }

    /// Moves to `offset` (dropping what was read ahead).
    func seek(to offset: Int64) {
        buffer.removeAll(keepingCapacity: true)
        (head, searched) = (0, 0)
        bufferStart = offset
        readAhead = offset
    }

    /// The next whole line (with its newline), or `nil` when the file has no whole line after
    /// ``position`` yet (nothing more, or a line without its newline so far).
    func nextLine() -> [UInt8]? {
        while true {
            if let end = buffer[searched...].firstIndex(of: 0x0A) {
                let line = Array(buffer[head...end])
                head = end + 1
                searched = head
                bufferStart += Int64(line.count)
                if head > 1 << 16 {
                    buffer.removeFirst(head)
                    (head, searched) = (0, 0)
                }
                return line
            }
            searched = buffer.count
            var chunk = [UInt8](repeating: 0, count: TailReader.chunk)
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(readAhead)) }
            guard n > 0 else { return nil }
            buffer += chunk[..<n]
            readAhead += Int64(n)
        }
    }
}
