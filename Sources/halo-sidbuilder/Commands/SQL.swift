import ArgumentParser
import HaloSIDMap

struct SQL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Write cloudpassage-halo.sql for the OSSIM server (cat cloudpassage-halo.sql | ossim-db).")

    @OptionGroup var database: DatabaseOption
    @OptionGroup var output: OutputOption

    func run() throws {
        try reportingErrors {
            try output.write(OSSIMSQLGenerator.sql(for: try database.open(.readOnly).loadTable()))
        }
    }
}
