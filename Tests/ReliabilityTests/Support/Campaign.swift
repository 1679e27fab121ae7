import Foundation

/// The size, seed and reporting of a reliability campaign.
///
/// Every campaign has a short form, which `swift test` (and so CI's `make test`) runs, and a long form,
/// run with `HALO_CAMPAIGN=full` (what `scripts/reliability --full` does). `HALO_CAMPAIGN_SEED=N` replays
/// a campaign with another seed. Each campaign reports its figures with ``report(_:_:)``: printed, and
/// appended to the file named by `HALO_FIGURES` (one `campaign<TAB>figure<TAB>value` line each), which
/// `scripts/reliability` turns into the table of RELIABILITY.md.
enum Campaign {
    /// Whether the long form was asked for (`HALO_CAMPAIGN=full`).
    static let isFull = ProcessInfo.processInfo.environment["HALO_CAMPAIGN"] == "full"

    /// `short` in the normal test suite, `full` in the long form.
    static func size(short: Int, full: Int) -> Int { isFull ? full : short }

    /// The campaign's seed: `HALO_CAMPAIGN_SEED` when set, else `defaultSeed`.
    static func seed(_ defaultSeed: UInt64) -> UInt64 {
        ProcessInfo.processInfo.environment["HALO_CAMPAIGN_SEED"].flatMap { UInt64($0) } ?? defaultSeed
    }

    /// Prints `figures` of `campaign` and appends them to `$HALO_FIGURES` (if set), in the given order.
    static func report(_ campaign: String, _ figures: KeyValuePairs<String, String>) {
        report(campaign, figures.map { ($0.key, $0.value) })
    }

    /// Prints `figures` of `campaign` and appends them to `$HALO_FIGURES` (if set), in the given order.
    static func report(_ campaign: String, _ figures: [(String, String)]) {
        let form = isFull ? "full" : "short"
        let lines = figures.map { "\(campaign)\t\($0.0)\t\($0.1)" } + ["\(campaign)\tform\t\(form)"]
        print(lines.map { "FIGURE \($0)" }.joined(separator: "\n"))
        guard let path = ProcessInfo.processInfo.environment["HALO_FIGURES"], !path.isEmpty else { return }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
