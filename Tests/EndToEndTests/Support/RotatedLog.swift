import Foundation
import HaloTesting

/// A log and the generations logrotate made of it (`log`, `log.1`, `log.2.gz`, …), read back whole.
struct RotatedLog {
    /// Each generation's name and bytes (compressed ones decompressed with the real `gunzip`),
    /// oldest first, the live file last.
    let generations: [(name: String, bytes: Data)]

    init(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        var found: [(number: Int, name: String, bytes: Data)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name == base || name.hasPrefix(base + ".") {
            let full = (directory as NSString).appendingPathComponent(name)
            var suffix = name.dropFirst(base.count)
            let compressed = suffix.hasSuffix(".gz")
            if compressed { suffix = suffix.dropLast(3) }
            let number = suffix.isEmpty ? 0 : Int(suffix.dropFirst()) ?? -1
            guard number >= 0 else { continue }
            let bytes: Data
            if compressed {
                let plain = NSTemporaryDirectory() + "halo-gunzip-\(UUID().uuidString)"
                defer { try? FileManager.default.removeItem(atPath: plain) }
                let result = try runProcess("/bin/sh", ["-c", "gzip -dc \"$1\" > \"$2\"", "sh", full, plain], timeout: 60)
                guard result.status == 0 else { throw RotatedLogError(description: "gzip -dc \(full): \(result.stderr)") }
                bytes = try Data(contentsOf: URL(fileURLWithPath: plain))
            } else {
                bytes = try Data(contentsOf: URL(fileURLWithPath: full))
            }
            found.append((number, name, bytes))
        }
        generations = found.sorted { $0.number > $1.number }.map { ($0.name, $0.bytes) }
    }

    /// The generations whose last line has no line end (a torn line).
    var tornGenerations: [String] {
        generations.filter { !$0.bytes.isEmpty && $0.bytes.last != UInt8(ascii: "\n") }.map(\.name)
    }

    /// Every complete line of every generation, in order.
    var lines: [Substring] {
        generations.flatMap { String(decoding: $0.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast() }
    }
}

struct RotatedLogError: Error, CustomStringConvertible { var description: String }
