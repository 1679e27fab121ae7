import ArgumentParser
import HaloSIDMap

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the table as a seed file (byte for byte the seed it came from if nothing changed).")

    @OptionGroup var database: DatabaseOption
    @OptionGroup var output: OutputOption

    func run() throws {
        try reportingErrors {
            try output.write(SeedFormat.format(try database.open(.readOnly).loadTable()))
        }
    }
}
