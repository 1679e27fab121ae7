import ArgumentParser
import HaloOutput

/// `halo-sidbuilder`: keeps the CloudPassage Halo → OSSIM SID table and writes the OSSIM SQL and the
/// ossim-agent plugin from it.
@main
struct HaloSIDBuilder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "halo-sidbuilder",
        abstract: "Keep the Halo event-type → OSSIM SID table; write cloudpassage-halo.sql and cloudpassage-halo.cfg from it.",
        discussion: """
            Exit codes: 0 success; 1 check found problems, or test-plugin left lines unparsed; 64 bad command line; \
            65 change refused or bad input data (duplicate SID, SID out of range, unknown SID, a text longer than its \
            OSSIM column, bad seed or plugin; sql on a table OSSIM cannot hold); \
            66 a database or input file is missing; 73 cannot create the database or an output file; \
            74 the database is damaged, not a SID database, of a newer (or, read-only, older) schema, locked too long, \
            or not writable. See docs/sidbuilder.md.
            """,
        version: HaloToolkit.version,
        subcommands: [
            Init.self, Export.self, SQL.self, Plugin.self, Functions.self, List.self, Add.self, SetSID.self, Remove.self, Sync.self,
            Check.self, Explain.self, TestPlugin.self, Tail.self, AgentHandoffCommand.self,
        ]
    )
}
