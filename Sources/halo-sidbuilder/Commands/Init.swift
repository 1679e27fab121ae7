import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloSIDMap

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the SID database from the seed (the built-in one unless --seed is given).")

    @OptionGroup var database: DatabaseOption

    @Option(help: ArgumentHelp("Seed file to build from (default: the seed built into the program, sidmap/cloudpassage-halo-sids.tsv).", valueName: "file"))
    var seed: String?

    @Flag(help: "Replace the SID table of an existing database (its unmapped types are kept).")
    var force = false

    private var directory: String { URL(fileURLWithPath: database.db).deletingLastPathComponent().path }

    func run() throws {
        try reportingErrors {
            let table = try seed.map { try SIDSeed.load(path: $0) } ?? SIDSeed.builtIn
            let before = Set((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            _ = try SIDStore.create(path: database.db, table: table, replacing: force)
            let name = URL(fileURLWithPath: database.db).lastPathComponent
            let after = Set((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            for aside in after.subtracting(before).sorted() where aside.hasPrefix(name + ".unusable-")
                && !SIDStore.companionSuffixes.contains(where: aside.hasSuffix) {
                print("the unusable file that was there is now \(directory)/\(aside)")
            }
            print("\(database.db): \(table.entries.count) SIDs from \(seed ?? "the built-in seed")")
        }
    }
}
