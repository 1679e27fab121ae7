import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloSIDMap

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the table and compare the committed SQL, plugin and plugin functions with it; exit 1 on any problem.")

    @OptionGroup var database: DatabaseOption

    @Option(help: ArgumentHelp("The SQL to compare (default: sidmap/cloudpassage-halo.sql in a checkout, else the installed one: /var/lib/halo-events/cloudpassage-halo.sql, or PREFIX/share/halo-ossim-toolkit/sidmap/cloudpassage-halo.sql).", valueName: "file"))
    var sqlFile: String?

    @Option(help: ArgumentHelp("The plugin to compare, its location= kept (default: plugin/cloudpassage-halo.cfg in a checkout, else /etc/ossim/agent/plugins/cloudpassage-halo.cfg).", valueName: "file"))
    var pluginFile: String?

    @Option(help: ArgumentHelp("The plugin functions (its custom_functions_file) to compare (default: beside the plugin, `.functions` for `.cfg`).", valueName: "file"))
    var functionsFile: String?

    @Flag(help: "Only validate the table.")
    var skipOutputs = false

    func run() throws {
        var found: CheckReport?
        let defaults = CheckDefaults()
        let sqlFile = sqlFile ?? defaults.sqlFile
        let pluginFile = pluginFile ?? defaults.pluginFile
        let functionsFile = functionsFile ?? CheckDefaults.functionsFile(beside: pluginFile)
        // A file named on the command line is regenerated where it is; a default one as its place wants.
        let sqlHint = { (command: String) in self.sqlFile == nil ? defaults.regenerate(command) : command }
        let pluginHint = { (command: String) in self.pluginFile == nil ? defaults.regenerate(command) : command }
        try reportingErrors {
            let table = try database.open(.readOnly).loadTable()
            var report = TableChecker.check(table)
            defer { found = report }
            if !skipOutputs {
                // No SQL is generated from a table with sqlProblems; those are in the report already.
                if let generated = try? OSSIMSQLGenerator.sql(for: table), let problem = TableChecker.compare(
                    committed: try? TextFile.read(sqlFile), generated: generated, path: sqlFile,
                    regenerate: sqlHint("halo-sidbuilder sql --db \(database.db) -o \(sqlFile)")) {
                    report.problems.append(problem)
                }
                let committedPlugin = try? TextFile.readData(pluginFile)
                let config = committedPlugin.flatMap { try? PluginConfig(data: $0, file: pluginFile) }?.section("config")
                let location = config?.value("location") ?? PluginGenerator.defaultLocation
                let bookmarks = config?.value("bookmark_dir") ?? PluginGenerator.defaultBookmarkDirectory
                let generated = try PluginGenerator.plugin(for: table, location: location, bookmarkDirectory: bookmarks)
                if let problem = TableChecker.compare(
                    committed: committedPlugin.map { String(decoding: $0, as: UTF8.self) }, generated: generated, path: pluginFile,
                    regenerate: pluginHint("halo-sidbuilder plugin --db \(database.db) --location \(location) -o \(pluginFile)")) {
                    report.problems.append(problem)
                }
                if let problem = TableChecker.compare(
                    committed: try? TextFile.read(functionsFile), generated: PluginFunctions.text, path: functionsFile,
                    regenerate: self.functionsFile == nil && self.pluginFile == nil
                        ? defaults.regenerate("halo-sidbuilder functions -o \(functionsFile)") : "halo-sidbuilder functions -o \(functionsFile)") {
                    report.problems.append(problem)
                }
            }
        }
        guard let report = found else { return }
        for decision in report.decisions { print("decided: \(decision)") }
        for note in report.notes { print("note: \(note)") }
        for problem in report.problems { print("problem: \(problem)") }
        print(report.isOK ? "ok" : "\(report.problems.count) problem(s)")
        if !report.isOK { throw ExitCode(Exit.problemsFound) }
    }
}
