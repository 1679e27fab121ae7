#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform

/// The machine the figures were measured on.
struct Machine: Codable {
    var cores: Int
    var cpuModel: String
    var memoryMib: Int
    var kernel: String
    /// The 1-minute load average when the run started and when it ended: other work on the cores.
    var loadAverageAtStart: Double
    var loadAverageAtEnd: Double?
    /// `release` or `debug`: figures of a debug build say nothing about speed.
    var build: String

    static var current: Machine {
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        return Machine(
            cores: ProcessInfo.processInfo.activeProcessorCount,
            cpuModel: cpuInfo("model name") ?? "unknown",
            memoryMib: Int(ProcessInfo.processInfo.physicalMemory >> 20),
            kernel: (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8))?
                .trimmingWhitespaceAndNewlines() ?? "unknown",
            loadAverageAtStart: loadAverage, loadAverageAtEnd: nil, build: build)
    }

    /// The 1-minute load average (/proc/loadavg).
    static var loadAverage: Double {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").first.flatMap { Double($0) } ?? 0
    }

    /// The first value of `key` in /proc/cpuinfo.
    private static func cpuInfo(_ key: String) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return line[line.index(after: colon)...].trimmingWhitespace()
        }
        return nil
    }
}
