#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloCommandLine
import HaloSIDMap

/// 6. `halo-sidbuilder sync`, `sql` and `plugin` on a SID table that the connector has told about many new
/// event types (recorded as unmapped, as the connector records them).
struct SIDBuilderBench {
    let tools: Tools
    let scale: BenchScale
    let directory: BenchDirectory

    func run() throws -> SIDBuilderResult {
        let database = directory.file("grown.sqlite")
        try runChild(tools.haloSIDBuilder, ["init", "--db", database], in: directory, name: "grown-init", timeout: 120)
        let seen = Date(timeIntervalSince1970: 1_714_560_000)
        let sightings = (1...scale.sidBuilderTypes).map { n in
            UnmappedSighting(type: "bench_new_type_\(n)", name: "Bench new type \(n)", count: 1,
                             firstSeen: seen.addingTimeInterval(Double(n)), lastSeen: seen.addingTimeInterval(Double(n)))
        }
        try SIDStore(path: database).recordUnmapped(sightings)

        let timeout = 600.0
        let sync = try runChild(tools.haloSIDBuilder, ["sync", "--db", database], in: directory, name: "grown-sync", timeout: timeout)
        let added = directory.read("grown-sync.out").split(separator: "\n").filter { $0.hasPrefix("added SID ") }.count
        guard added == scale.sidBuilderTypes else {
            throw ChildProcess.Failure(description: "halo-sidbuilder sync added \(added) SIDs for \(scale.sidBuilderTypes) new types")
        }
        let sql = try runChild(tools.haloSIDBuilder, ["sql", "--db", database, "-o", directory.file("grown.sql")],
                               in: directory, name: "grown-sql", timeout: timeout)
        let plugin = try runChild(tools.haloSIDBuilder, ["plugin", "--db", database, "-o", directory.file("grown.cfg")],
                                  in: directory, name: "grown-plugin", timeout: timeout)
        return SIDBuilderResult(
            types: scale.sidBuilderTypes, syncSeconds: sync.seconds, sqlSeconds: sql.seconds, pluginSeconds: plugin.seconds,
            totalSeconds: sync.seconds + sql.seconds + plugin.seconds)
    }

    func table(_ result: SIDBuilderResult) -> Table {
        var table = Table("6. SID builder: \(result.types) new types recorded, then each command (wall seconds)", columns: ["command", "seconds"])
        table.add(["halo-sidbuilder sync", Figure.decimal(result.syncSeconds, 3)])
        table.add(["halo-sidbuilder sql", Figure.decimal(result.sqlSeconds, 3)])
        table.add(["halo-sidbuilder plugin", Figure.decimal(result.pluginSeconds, 3)])
        table.add(["total", Figure.decimal(result.totalSeconds, 3)])
        return table
    }
}
