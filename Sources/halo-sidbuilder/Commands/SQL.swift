import ArgumentParser
import HaloSIDMap

struct SQL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Write cloudpassage-halo.sql for the OSSIM server (cat cloudpassage-halo.sql | ossim-db).",
        discussion: """
            Refuses (exit 65, writing nothing) a table OSSIM's columns cannot hold as it is: a name longer than \
            plugin_sid.name's 512 characters or plugin.name's 100, a description or vendor longer than TEXT's \
            65535 bytes, characters utf8 cannot store, a SID twice or outside 1...2147483647. MariaDB would cut \
            or drop them without an error.
            """)

    @OptionGroup var database: DatabaseOption
    @OptionGroup var output: OutputOption

    func run() throws {
        try reportingErrors {
            try output.write(OSSIMSQLGenerator.sql(for: try database.open(.readOnly).loadTable()))
        }
    }
}
