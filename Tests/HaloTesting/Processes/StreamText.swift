import Foundation

/// Text read from a pipe by a background thread, readable while it grows.
final class StreamText: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var ended = false
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let fd = pipe.fileHandleForReading.fileDescriptor
        DispatchQueue.global().async {
            // read(2) directly: FileHandle traps on EINTR, which SIGCHLD of other children can cause.
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                self.lock.lock()
                self.data.append(contentsOf: buffer[..<n])
                self.lock.unlock()
            }
            self.lock.lock()
            self.ended = true
            self.lock.unlock()
            self.done.signal()
        }
    }

    var finished: Bool {
        lock.lock()
        defer { lock.unlock() }
        return ended
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    /// The whole text once the writer closed the pipe (at most 10 s after the process ended).
    func waitForEnd() -> String {
        if !finished { _ = done.wait(timeout: .now() + 10) }
        return text
    }
}
