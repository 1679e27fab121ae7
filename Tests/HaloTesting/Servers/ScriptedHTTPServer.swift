import Foundation

/// An HTTP/1.1 server on 127.0.0.1 that answers each request with what its script returns, over kept-alive
/// connections, and records the requests: for the details of the wire (headers, encodings, statuses) that
/// the emulator does not vary.
public final class ScriptedHTTPServer: @unchecked Sendable {
    /// A request as it arrived.
    public struct Request: Sendable {
        public var method: String
        /// Path and query, e.g. `/v1/events?page=2`.
        public var target: String
        public var headers: [(name: String, value: String)]

        /// The value of the first header called `name` (case-insensitive).
        public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

        /// The value of query parameter `name`.
        public func query(_ name: String) -> String? {
            URLComponents(string: target)?.queryItems?.first { $0.name == name }?.value
        }
    }

    /// An answer: status, headers (`Content-Length` is added) and body.
    public struct Answer: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]

        public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    public let port: Int
    private let listener: Int32
    private let script: @Sendable (Request) -> Answer
    private let lock = NSLock()
    private var recorded: [Request] = []

    public init(_ script: @escaping @Sendable (Request) -> Answer) throws {
        self.script = script
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard fd >= 0, ok, listen(fd, 64) == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The requests so far, in order.
    public var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    /// Serves the requests of one connection until the client closes it (at most 10 000).
    private func serve(_ client: Int32) {
        defer { close(client) }
        for _ in 0..<10_000 {
            guard let request = readRequest(client) else { return }
            lock.lock()
            recorded.append(request)
            lock.unlock()
            let answer = script(request)
            var head = "HTTP/1.1 \(answer.status) Scripted\r\nContent-Length: \(answer.body.count)\r\n"
            for (name, value) in answer.headers { head += "\(name): \(value)\r\n" }
            guard writeAll(client, Array((head + "\r\n").utf8) + answer.body) else { return }
        }
    }

    /// The next request's head (its body, if any, is read and dropped), or `nil` at the end of the connection.
    private func readRequest(_ client: Int32) -> Request? {
        var head = [UInt8]()
        var byte: UInt8 = 0
        while head.count < 65_536, !(head.count >= 4 && Array(head.suffix(4)) == Array("\r\n\r\n".utf8)) {
            guard read(client, &byte, 1) == 1 else { return nil }
            head.append(byte)
        }
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count == 3 else { return nil }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let request = Request(method: String(parts[0]), target: String(parts[1]), headers: headers)
        var left = Int(request.header("Content-Length") ?? "0") ?? 0
        var buffer = [UInt8](repeating: 0, count: 4096)
        while left > 0 {
            let n = read(client, &buffer, min(left, buffer.count))
            guard n > 0 else { return nil }
            left -= n
        }
        return request
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// Stops accepting connections (those open end when their client closes them).
    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}

/// `bytes` compressed by `gzip -c -n` (a real gzip stream, as a server's `Content-Encoding: gzip` would be).
public func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c", "-n"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let writer = Thread { input.fileHandleForWriting.write(Data(bytes)); try? input.fileHandleForWriting.close() }
    writer.start()
    let compressed = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw POSIXError(.EIO) }
    return Array(compressed)
}
