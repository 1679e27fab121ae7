import Foundation
import HaloTesting

/// The committed SID seed (sidmap/cloudpassage-halo-sids.tsv), read by the test on its own, to know which
/// SID each event must carry and which SIDs are elevated, without asking the code under test.
struct SeedTable {
    static let genericSID = 2_000_000_000

    private(set) var sidByType: [String: Int] = [:]
    private(set) var sidByLegacyName: [String: Int] = [:]
    private(set) var elevated: Set<Int> = []
    private(set) var sids: Set<Int> = []

    init() throws {
        let text = try String(contentsOf: TestPaths.repoRoot.appendingPathComponent("sidmap/cloudpassage-halo-sids.tsv"), encoding: .utf8)
        var header: [String]?
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if fields.first == "sid" { header = fields; continue }
            guard let header, let sid = Int(fields[0]) else { continue }
            func column(_ name: String) -> String { header.firstIndex(of: name).map { fields.count > $0 ? fields[$0] : "" } ?? "" }
            sids.insert(sid)
            for type in SeedTable.list(column("types")) { sidByType[type] = sid }
            for name in SeedTable.list(column("legacy_names")) { sidByLegacyName[name] = sid }
            if column("elevated") == "yes" { elevated.insert(sid) }
        }
        sids.insert(SeedTable.genericSID)
    }

    /// The SID an event must get: by `type`, then by lower-cased legacy `name`, else the generic SID.
    func expectedSID(type: String?, name: String?) -> Int {
        if let type, let sid = sidByType[type] { return sid }
        if let name, let sid = sidByLegacyName[name.lowercased()] { return sid }
        return SeedTable.genericSID
    }

    /// A `|`-separated list value (`\|` inside an item; `\\ \t \n \r` escapes).
    private static func list(_ value: String) -> [String] {
        guard !value.isEmpty else { return [] }
        var items: [String] = [], current = ""
        var escaped = false
        for c in value {
            if escaped {
                switch c {
                case "t": current.append("\t")
                case "n": current.append("\n")
                case "r": current.append("\r")
                default: current.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "|" {
                items.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        items.append(current)
        return items
    }
}
