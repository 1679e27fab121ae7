import ArgumentParser
import HaloSIDMap

/// `--db PATH`, the SID database every table command works on.
struct DatabaseOption: ParsableArguments {
    /// Where `make install` (with its default LOCALSTATEDIR) creates the SID database, and the cron jobs use it.
    static let installed = "/var/lib/halo-events/cloudpassage-halo.sqlite"

    @Option(name: .long, help: ArgumentHelp("The SID database (SQLite) (default: \(DatabaseOption.installed), where make install puts it).", valueName: "path"))
    var db: String = DatabaseOption.installed

    func open(_ access: SIDStore.Access = .readWrite) throws -> SIDStore {
        try SIDStore(path: db, access: access)
    }
}

/// `-o FILE`: where a command writes its text (stdout when absent).
struct OutputOption: ParsableArguments {
    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write to this file (atomically) instead of stdout.", valueName: "file"))
    var output: String?

    func write(_ text: String) throws {
        if let output {
            try TextFile.write(text, to: output)
        } else {
            print(text, terminator: "")
        }
    }
}

/// `--category`/`--subcategory` by name or id, checked against OSSIM's taxonomy.
struct TaxonomyChoice {
    static func resolve(category: String?, subcategory: String?, current: (Int, Int)?) throws -> (Int, Int)? {
        guard category != nil || subcategory != nil else { return nil }
        let taxonomy = OSSIMTaxonomy.builtIn
        let categoryID: Int
        if let category {
            guard let found = taxonomy.category(category) else {
                throw ValidationError("unknown OSSIM category `\(category)`; one of: \(taxonomy.categories.values.sorted { $0.id < $1.id }.map(\.name).joined(separator: ", "))")
            }
            categoryID = found.id
        } else if let current {
            categoryID = current.0
        } else {
            throw ValidationError("--subcategory needs --category")
        }
        guard let subcategory else {
            throw ValidationError("--category needs --subcategory (one of: \(subcategories(of: categoryID)))")
        }
        guard let found = taxonomy.subcategory(subcategory, in: categoryID) else {
            throw ValidationError("`\(subcategory)` is not a subcategory of \(taxonomy.categories[categoryID]!.name); one of: \(subcategories(of: categoryID))")
        }
        return (categoryID, found.id)
    }

    private static func subcategories(of categoryID: Int) -> String {
        OSSIMTaxonomy.builtIn.subcategories.values.filter { $0.categoryID == categoryID }.sorted { $0.id < $1.id }.map(\.name).joined(separator: ", ")
    }
}

/// Checks a priority and a reliability given on the command line.
func validateScores(priority: Int?, reliability: Int?) throws {
    if let priority, !SIDEntry.priorities.contains(priority) { throw ValidationError("--priority is \(SIDEntry.priorities)") }
    if let reliability, !SIDEntry.reliabilities.contains(reliability) { throw ValidationError("--reliability is \(SIDEntry.reliabilities)") }
}
