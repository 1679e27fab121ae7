import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloSIDMap

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the table and compare the committed SQL and plugin with it; exit 1 on any problem.")

    @OptionGroup var database: DatabaseOption

    @Option(help: ArgumentHelp("The committed SQL to compare.", valueName: "file"))
    var sqlFile = "sidmap/cloudpassage-halo.sql"

    @Option(help: ArgumentHelp("The committed plugin to compare (its location= is kept).", valueName: "file"))
    var pluginFile = "plugin/cloudpassage-halo.cfg"

    @Flag(help: "Only validate the table.")
    var skipOutputs = false

    func run() throws {
        var found: CheckReport?
        try reportingErrors {
            let table = try database.open(.readOnly).loadTable()
            var report = TableChecker.check(table)
            defer { found = report }
            if !skipOutputs {
                // No SQL is generated from a table with sqlProblems; those are in the report already.
                if let generated = try? OSSIMSQLGenerator.sql(for: table), let problem = TableChecker.compare(
                    committed: try? TextFile.read(sqlFile), generated: generated, path: sqlFile,
                    regenerate: "halo-sidbuilder sql --db \(database.db) -o \(sqlFile)") {
                    report.problems.append(problem)
                }
                let committedPlugin = try? TextFile.readData(pluginFile)
                let config = committedPlugin.flatMap { try? PluginConfig(data: $0, file: pluginFile) }?.section("config")
                let location = config?.value("location") ?? PluginGenerator.defaultLocation
                let bookmarks = config?.value("bookmark_dir") ?? PluginGenerator.defaultBookmarkDirectory
                let generated = try PluginGenerator.plugin(for: table, location: location, bookmarkDirectory: bookmarks)
                if let problem = TableChecker.compare(
                    committed: committedPlugin.map { String(decoding: $0, as: UTF8.self) }, generated: generated, path: pluginFile,
                    regenerate: "halo-sidbuilder plugin --db \(database.db) --location \(location) -o \(pluginFile)") {
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
