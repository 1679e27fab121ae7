import Foundation
import GRDB
import HaloTesting
@testable import HaloSIDMap

/// A `halo-sidbuilder` command that did not do what a test's set-up needs.
struct CommandFailed: Error { var message: String }

/// SID tables for the tests of the real `halo-sidbuilder`: made by it, changed behind its back, and read
/// back to see what a command changed.
extension SIDBuilderProcess {
    /// A temporary directory holding `sid.sqlite` built from the built-in seed by `init`.
    static func database() throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory("sidbuilder")
        let db = dir.file("sid.sqlite")
        let result = try run(["init", "--db", db])
        guard result.status == 0 else { throw CommandFailed(message: "init failed: \(result.stderr)") }
        return (dir, db)
    }

    /// What a command must not change: the SID table, the unmapped table and the schema (tests of the
    /// file's bytes use ``bytes(_:)``).
    static func state(of db: String) throws -> [String] {
        let store = try SIDStore(path: db, access: .readOnly)
        let unmapped = try store.unmappedSightings().map { "\($0.type ?? "-") \($0.name ?? "-") \($0.count) \($0.firstSeen) \($0.lastSeen)" }
        let schema = try readOnlyQueue(db).read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
        }
        return [SeedFormat.format(try store.loadTable())] + unmapped + schema
    }

    /// The committed seed with some SID rows changed (`edits[sid]` gets the row's columns, see
    /// ``SeedFormat/columns``) and some removed.
    static func seed(editing edits: [Int: (inout [String]) -> Void] = [:], removing removed: Set<Int> = []) throws -> String {
        try RepoFile.text(RepoFile.seed).split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            var columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == SeedFormat.columns.count, let sid = Int(columns[0]) else { return String(line) }
            if removed.contains(sid) { return nil }
            edits[sid]?(&columns)
            return columns.joined(separator: "\t")
        }.joined(separator: "\n")
    }

    /// The database opened read-only by GRDB: a reader independent of the SID store's own SQLite code.
    static func readOnlyQueue(_ db: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: db, configuration: configuration)
    }

    /// Changes the database behind the builder's back, as `sqlite3 FILE` would (or an older program did).
    static func editRaw(_ db: String, _ sql: String, arguments: StatementArguments = []) throws {
        let queue = try DatabaseQueue(path: db)
        try queue.write { try $0.execute(sql: sql, arguments: arguments) }
        try queue.close()
    }

    /// The bytes of the file at `path`.
    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
}
