import Foundation
import HaloTesting

/// The project's source lists in ../shared/data, read for tests that prove the seed covers them.
enum SharedData {
    static func rows(_ file: String) throws -> [[String]] {
        let text = try String(contentsOf: TestPaths.shared.appendingPathComponent("data/\(file)"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst()
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// (type, connector SID) from halo-event-types.tsv.
    static func eventTypes() throws -> [(type: String, sid: Int)] {
        try rows("halo-event-types.tsv").map { ($0[0], Int($0[1])!) }
    }

    /// (legacy name, original SID, elevated) from halo-legacy-event-names.tsv.
    static func legacyNames() throws -> [(name: String, sid: Int, elevated: Bool)] {
        try rows("halo-legacy-event-names.tsv").map { ($0[0], Int($0[1])!, $0[2] == "yes") }
    }
}
