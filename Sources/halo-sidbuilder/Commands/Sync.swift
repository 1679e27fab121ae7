import ArgumentParser
import HaloSIDMap

struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Give every unmapped type the connector recorded a new stable SID (next free in 100000-999999).")

    @OptionGroup var database: DatabaseOption

    func run() throws {
        try reportingErrors {
            let store = try database.open()
            let added = try store.syncUnmapped()
            // What sync left unmapped cannot be stored in OSSIM; named escaped (a type can hold anything).
            let leftUnmapped = try store.unmappedSightings()
            for left in leftUnmapped {
                let key = left.type.map { "type \($0.debugDescription)" } ?? "name \((left.name ?? "").debugDescription)"
                printWarning(
                    "\(key) left unmapped (its events keep the generic SID): OSSIM cannot store it (control characters, characters outside the Basic Multilingual Plane, or too long)")
            }
            guard !added.isEmpty else {
                print(leftUnmapped.isEmpty ? "no unmapped types" : "no SID added")
                return
            }
            let taxonomy = OSSIMTaxonomy.builtIn
            for entry in added {
                let key = entry.types.first.map { "type \($0)" } ?? "name \(entry.legacyNames.first ?? "")"
                print("added SID \(entry.sid) for \(key): \(entry.name) (\(taxonomy.describe(categoryID: entry.categoryID, subcategoryID: entry.subcategoryID)))")
            }
            print("now regenerate the SQL (halo-sidbuilder sql --db \(database.db) -o cloudpassage-halo.sql) and load it on the OSSIM server; the plugin's catch-all rule already parses the new SIDs")
        }
    }
}
