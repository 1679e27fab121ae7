import ArgumentParser
import HaloSIDMap

struct SetSID: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a SID: name, category, elevation, priority, reliability, field set, mapped types and names.",
        discussion: "Renumbering a SID (--sid) is refused unless --force: OSSIM keeps past events under the old number.")

    @OptionGroup var database: DatabaseOption

    @Argument(help: "The SID to change.") var target: Int

    @Option(name: .customLong("sid"), help: ArgumentHelp("Renumber the SID (needs --force).", valueName: "n"))
    var newSID: Int?
    @Flag(help: "Allow renumbering.") var force = false

    @Option(help: ArgumentHelp("Display name in OSSIM.", valueName: "text")) var name: String?
    @Option(help: ArgumentHelp("OSSIM category, name or id.", valueName: "category")) var category: String?
    @Option(help: ArgumentHelp("OSSIM subcategory, name or id.", valueName: "subcategory")) var subcategory: String?
    @Flag(help: "Put it on the elevation list (priority 3, reliability 3 unless given).") var elevate = false
    @Flag(help: "Take it off the elevation list (priority 1, reliability 1 unless given).") var unelevate = false
    @Option(help: "Priority, 0...5.") var priority: Int?
    @Option(help: "Reliability, 0...10.") var reliability: Int?
    @Option(help: ArgumentHelp("The field set whose rule parses it.", valueName: "set")) var fields: String?
    @Option(name: .customLong("add-type"), help: ArgumentHelp("Also map this type (repeatable).", valueName: "key")) var addTypes: [String] = []
    @Option(name: .customLong("add-legacy-name"), help: ArgumentHelp("Also map this old event name (repeatable).", valueName: "name")) var addLegacyNames: [String] = []
    @Option(name: .customLong("remove-alias"), help: ArgumentHelp("Stop mapping this type or name (repeatable).", valueName: "key")) var removeAliases: [String] = []

    func validate() throws {
        if elevate && unelevate { throw ValidationError("--elevate and --unelevate exclude each other") }
        if let newSID, !SIDRanges.valid.contains(newSID) { throw ValidationError("--sid must be in \(SIDRanges.valid)") }
        try validateScores(priority: priority, reliability: reliability)
        let nothing = newSID == nil && name == nil && category == nil && subcategory == nil && !elevate && !unelevate
            && priority == nil && reliability == nil && fields == nil && addTypes.isEmpty && addLegacyNames.isEmpty && removeAliases.isEmpty
        if nothing { throw ValidationError("nothing to change; see `halo-sidbuilder set --help`") }
    }

    func run() throws {
        try reportingErrors {
            let store = try database.open()
            let current = try store.loadTable().entry(sid: target)
            var change = SIDChange()
            change.newSID = newSID
            change.name = name
            if let taxonomy = try TaxonomyChoice.resolve(category: category, subcategory: subcategory, current: current.map { ($0.categoryID, $0.subcategoryID) }) {
                change.categoryID = taxonomy.0
                change.subcategoryID = taxonomy.1
            }
            change.elevated = elevate ? true : (unelevate ? false : nil)
            change.priority = priority
            change.reliability = reliability
            change.fieldSet = fields
            change.addTypes = addTypes
            change.addLegacyNames = addLegacyNames
            change.removeAliases = removeAliases
            let entry = try store.update(sid: target, change, force: force)
            print("SID \(entry.sid): \(entry.name); priority \(entry.priority), reliability \(entry.reliability)\(entry.elevated ? ", elevated" : "")")
        }
    }
}
