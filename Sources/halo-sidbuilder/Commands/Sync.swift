import ArgumentParser
import HaloSIDMap

struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add the built-in seed's rows the table lacks, then give every unmapped type the connector recorded a new stable SID (next free in 100000-999999).")

    @OptionGroup var database: DatabaseOption

    func run() throws {
        try reportingErrors {
            let store = try database.open()
            let seed = try store.addMissingSeedRows(from: SIDSeed.builtIn)
            for refusal in seed.refused { printError(sentence(for: refusal, db: database.db)) }
            let added = seed.added + (try store.syncUnmapped())
            // What sync left unmapped cannot be stored in OSSIM; named escaped (a type can hold anything).
            let leftUnmapped = try store.unmappedSightings()
            for left in leftUnmapped {
                let key = left.type.map { "type \($0.debugDescription)" } ?? "name \((left.name ?? "").debugDescription)"
                printWarning(
                    "\(key) left unmapped (its events keep the generic SID): OSSIM cannot store it (control characters, characters outside the Basic Multilingual Plane, or too long)")
            }
            guard !added.isEmpty else {
                print(leftUnmapped.isEmpty ? "no unmapped types" : "no SID added")
                if !seed.refused.isEmpty { throw ExitCode(Exit.dataError) }
                return
            }
            let taxonomy = OSSIMTaxonomy.builtIn
            for entry in added {
                let key = entry.types.first.map { "type \($0)" } ?? "name \(entry.legacyNames.first ?? "")"
                let origin = seed.added.contains(entry) ? " from the built-in seed" : ""
                print("added SID \(entry.sid) for \(key): \(entry.name) (\(taxonomy.describe(categoryID: entry.categoryID, subcategoryID: entry.subcategoryID)))\(origin)")
            }
            print("now regenerate the SQL (halo-sidbuilder sql --db \(database.db) -o cloudpassage-halo.sql) and load it on the OSSIM server; the plugin's catch-all rule already parses the new SIDs")
            if !seed.refused.isEmpty { throw ExitCode(Exit.dataError) }
        }
    }
}

/// Why `sync` did not add a row of the built-in seed, and what to do about it.
private func sentence(for refusal: SeedRowRefusal, db: String) -> String {
    let entry = refusal.seedEntry
    let key = entry.types.first.map { "type \($0)" } ?? "name \(entry.legacyNames.first ?? "")"
    let row = "the built-in seed's SID \(entry.sid) for \(key) (\(entry.name)) was not added"
    switch refusal.reason {
    case .sidTaken(let holder):
        let held = holder.types.first.map { "type \($0)" } ?? holder.legacyNames.first.map { "name \($0)" } ?? "nothing"
        return "\(row): the table gives SID \(entry.sid) to \(holder.name) (\(held)); renumber that one (halo-sidbuilder set --db \(db) \(entry.sid) --sid N --force) and run sync again"
    case .problems(let problems):
        return "\(row): " + problems.joined(separator: "; ") + "; fix the table (halo-sidbuilder check --db \(db) --skip-outputs) and run sync again"
    }
}
