import ArgumentParser
import HaloSIDMap

struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add a SID for a Halo type or legacy name.",
        discussion: "Refuses an existing SID, SIDs outside 1...2147483647, and types or names another SID maps already.")

    @OptionGroup var database: DatabaseOption

    @Option(help: ArgumentHelp("The SID (default: the next one in the sync range, 100000-999999).", valueName: "n"))
    var sid: Int?

    @Option(name: .customLong("type"), help: ArgumentHelp("A Halo `type` key to map (repeatable).", valueName: "key"))
    var types: [String] = []

    @Option(name: .customLong("legacy-name"), help: ArgumentHelp("An old event `name` to map (repeatable; compared lower-cased).", valueName: "name"))
    var legacyNames: [String] = []

    @Option(help: ArgumentHelp("Display name in OSSIM (default: made from the type, e.g. `Halo: FIM scan failed`).", valueName: "text"))
    var name: String?

    @Option(help: ArgumentHelp("OSSIM category, name or id (default: guessed from the type).", valueName: "category"))
    var category: String?

    @Option(help: ArgumentHelp("OSSIM subcategory of the category, name or id.", valueName: "subcategory"))
    var subcategory: String?

    @Flag(help: "Put the SID on the elevation list (priority 3, reliability 3 unless given).")
    var elevate = false

    @Option(help: "Priority, 0...5.") var priority: Int?
    @Option(help: "Reliability, 0...10.") var reliability: Int?

    @Option(help: ArgumentHelp("The field set whose rule parses it (default: any, the catch-all rule).", valueName: "set"))
    var fields = FieldSet.catchAllName

    func validate() throws {
        guard !(types.isEmpty && legacyNames.isEmpty && name == nil) else {
            throw ValidationError("give at least one --type, --legacy-name or a --name")
        }
        try validateScores(priority: priority, reliability: reliability)
    }

    func run() throws {
        let taxonomy = try TaxonomyChoice.resolve(category: category, subcategory: subcategory, current: nil)
            ?? TypeNaming.guessTaxonomy(type: types.first, haloName: legacyNames.first)
        try reportingErrors {
            let store = try database.open()
            let entry = SIDEntry(
                sid: try sid ?? store.nextSyncSID(),
                name: name ?? TypeNaming.displayName(type: types.first, haloName: types.isEmpty ? legacyNames.first : nil),
                types: types, legacyNames: legacyNames, categoryID: taxonomy.0, subcategoryID: taxonomy.1,
                priority: priority ?? (elevate ? SIDEntry.elevatedPriority : SIDEntry.normalPriority),
                reliability: reliability ?? (elevate ? SIDEntry.elevatedReliability : SIDEntry.normalReliability),
                elevated: elevate, fieldSet: fields)
            try store.add(entry)
            print("added SID \(entry.sid): \(entry.name)")
        }
    }
}
