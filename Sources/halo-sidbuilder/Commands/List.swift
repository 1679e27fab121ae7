import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloSIDMap

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the SIDs (or, with --unmapped, the types the connector saw that have none yet).")

    @OptionGroup var database: DatabaseOption

    @Flag(help: "List the unmapped types instead.")
    var unmapped = false

    func run() throws {
        try reportingErrors {
            let store = try database.open(.readOnly)
            if unmapped {
                let sightings = try store.unmappedSightings()
                if sightings.isEmpty { print("no unmapped types") }
                for s in sightings {
                    let key = s.type.map { "type \($0)" } ?? "name \(s.name ?? "")"
                    print("\(key)\t\(s.count) events\tfirst \(iso8601(s.firstSeen))\tlast \(iso8601(s.lastSeen))\tname \(s.name ?? "-")")
                }
                return
            }
            let taxonomy = OSSIMTaxonomy.builtIn
            // One SID on one line whatever its name holds.
            let escaped = BackslashEscape.oneLineField.escaped
            print("SID\tPRIORITY\tRELIABILITY\tELEVATED\tCATEGORY\tNAME\tTYPES\tLEGACY NAMES")
            for entry in try store.loadTable().entries {
                print([
                    String(entry.sid), String(entry.priority), String(entry.reliability), entry.elevated ? "yes" : "no",
                    taxonomy.describe(categoryID: entry.categoryID, subcategoryID: entry.subcategoryID),
                    escaped(entry.name), entry.types.map(escaped).joined(separator: ","),
                    entry.legacyNames.map(escaped).joined(separator: ","),
                ].joined(separator: "\t"))
            }
        }
    }
}
