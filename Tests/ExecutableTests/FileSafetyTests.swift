import Foundation
import GRDB
import HaloTesting
import Testing
@testable import HaloSIDMap

/// What a directory holds: each file's name, bytes and modification time.
private struct DirectoryState: Equatable, CustomStringConvertible {
    var files: [String: Data]
    var modified: [String: Date]

    init(_ path: String) throws {
        files = [:]
        modified = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            let file = URL(fileURLWithPath: path).appendingPathComponent(name).path
            files[name] = try Data(contentsOf: URL(fileURLWithPath: file))
            modified[name] = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date
        }
    }

    var description: String { files.keys.sorted().map { "\($0) (\(files[$0]!.count) bytes, \(modified[$0]!))" }.joined(separator: ", ") }
}

/// A copy of the SID database at `db` with 8 bytes overwritten in the middle of one page (the header,
/// page 1, kept): the first such copy SQLite's integrity check finds damaged for which `quick` (whether
/// `PRAGMA quick_check` sees it too) holds, as (page, bytes).
private func damagedCopy(of db: String, quickCheckSeesIt quick: Bool) throws -> (Int, Data) {
    let original = try SIDBuilderProcess.bytes(db)
    let pageSize = 4096
    let scratch = try TemporaryDirectory("damage")
    for page in 2...(original.count / pageSize) {
        var bytes = original
        let offset = (page - 1) * pageSize + pageSize / 2
        bytes.replaceSubrange(offset..<offset + 8, with: [0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04])
        try bytes.write(to: URL(fileURLWithPath: scratch.file("probe.sqlite")))
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: scratch.file("probe.sqlite"), configuration: configuration)
        func says(_ pragma: String) -> Bool { ((try? queue.read { try String.fetchOne($0, sql: "PRAGMA \(pragma)") }) ?? nil) == "ok" }
        let integrity = says("integrity_check"), quickCheck = says("quick_check")
        try queue.close()
        if !integrity && quickCheck != quick { return (page, bytes) }
    }
    throw CommandFailed(message: "no page of \(db) whose damage the integrity check finds (quick_check \(quick ? "too" : "not"))")
}

@Suite("halo-sidbuilder: read-only use leaves the directory as it was; a damaged table is refused untouched", .serialized)
struct FileSafetyTests {
    /// The commands that only read the table.
    static let readCommands: [[String]] = [
        ["export"], ["sql"], ["plugin"], ["list"], ["list", "--unmapped"], ["check"], ["explain"], ["explain", "409"],
    ]

    @Test("every read command: no -journal/-wal/-shm left, same bytes and modification time")
    func readCommandsChangeNothing() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        let now = Date()
        try SIDStore(path: db).recordUnmapped([UnmappedSighting(type: "seen_once", name: nil, count: 1, firstSeen: now, lastSeen: now)])
        let before = try DirectoryState(dir.path)
        #expect(before.files.keys.sorted() == ["sid.sqlite"])
        for command in Self.readCommands {
            let r = try SIDBuilderProcess.run([command[0], "--db", db] + command.dropFirst(), in: TestPaths.repoRoot.path)
            #expect(r.status == 0, "\(command): \(r.stdout)\(r.stderr)")
            #expect(r.stderr.isEmpty, "\(command): \(r.stderr)")
            let after = try DirectoryState(dir.path)
            #expect(after == before, "\(command) left \(after), was \(before)")
        }
        let store = try SIDStore(path: db, access: .readOnly)
        #expect(try store.unmappedSightings().map(\.type) == ["seen_once"])
        #expect(try store.loadTable() == SIDSeed.builtIn)
        #expect(try DirectoryState(dir.path) == before)
    }

    @Test("a read-only store reopens read-write to record (itself for the access it has); the read-only one keeps no file")
    func reopenToWrite() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        let before = try DirectoryState(dir.path)
        let reader = try SIDStore(path: db, access: .readOnly)
        #expect(try reader.reopened(.readOnly) === reader)
        #expect(try DirectoryState(dir.path) == before)
        #expect(throws: SIDMapError.databaseUnavailable(path: db, reason: "it was opened read-only")) {
            try reader.recordUnmapped([UnmappedSighting(type: "t", name: nil, count: 1, firstSeen: Date(), lastSeen: Date())])
        }
        let writer = try reader.reopened(.readWrite)
        #expect(writer !== reader)
        #expect(try writer.reopened(.readWrite) === writer)
        try writer.recordUnmapped([UnmappedSighting(type: "recorded_later", name: nil, count: 3, firstSeen: Date(), lastSeen: Date())])
        #expect(try reader.unmappedSightings().map(\.count) == [3])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["sid.sqlite"])
    }

    @Test("a table of the older WAL mode is switched to the rollback journal by a read-write open, its -wal and -shm gone")
    func leavesWALMode() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        let legacy = try DatabaseQueue(path: db)
        #expect(try legacy.writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA journal_mode = WAL") } == "wal")
        try legacy.close()
        _ = try SIDStore(path: db, access: .readOnly).loadTable()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["sid.sqlite", "sid.sqlite-shm", "sid.sqlite-wal"])
        #expect(try SIDBuilderProcess.run(["add", "--db", db, "--type", "after_wal"]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["sid.sqlite"])
        let mode = try SIDBuilderProcess.readOnlyQueue(db).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "delete")
        #expect(try SIDStore(path: db, access: .readOnly).loadTable().entry(type: "after_wal") != nil)
    }

    @Test("a damaged page (header intact): every command, read or write, exits 74 saying so; bytes and directory unchanged",
          arguments: [true, false])
    func damagedPage(quickCheckSeesIt: Bool) throws {
        let (goodDir, good) = try SIDBuilderProcess.database()
        defer { _ = goodDir }
        let (page, bytes) = try damagedCopy(of: good, quickCheckSeesIt: quickCheckSeesIt)
        let dir = try TemporaryDirectory("damaged")
        let db = dir.file("sid.sqlite")
        try bytes.write(to: URL(fileURLWithPath: db))
        let before = try DirectoryState(dir.path)
        for command in SIDBuilderErrorTests.databaseCommands + [["init"]] {
            let r = try SIDBuilderProcess.run([command[0], "--db", db] + command.dropFirst())
            let expected = command == ["init"] ? 73 : 74
            #expect(r.status == expected, "page \(page), \(command): \(r.stderr)")
            if expected == 74 {
                #expect(r.stderr.hasPrefix("halo-sidbuilder: error: \(db) is not a usable SID database (it is damaged: "), "page \(page), \(command): \(r.stderr)")
                #expect(r.stderr.contains("restore it from a backup, or rebuild it with `halo-sidbuilder init --force --db \(db)`"))
                #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            }
            #expect(r.stdout.isEmpty, "\(command)")
            #expect(try DirectoryState(dir.path) == before, "page \(page), \(command) changed the directory")
        }
        #expect(throws: SIDMapError.self) { try SIDStore(path: db, access: .readOnly) }
        do {
            _ = try SIDStore(path: db, access: .readWrite)
            Issue.record("a damaged table was opened read-write")
        } catch SIDMapError.notASIDDatabase(let path, let reason) {
            #expect(path == db && reason.hasPrefix("it is damaged: "), "\(reason)")
        }
        #expect(try DirectoryState(dir.path) == before)
        // init --force keeps it, untouched, beside the new table.
        let rebuilt = try SIDBuilderProcess.run(["init", "--force", "--db", db])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        let aside = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("sid.sqlite.unusable-") }
        #expect(aside.count == 1)
        #expect(try SIDBuilderProcess.bytes(dir.file(aside.first ?? "")) == bytes)
    }

    @Test("damage that appears while a store is open (another process's commit) is refused at the next write, nothing written")
    func damageWhileOpen() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        let store = try SIDStore(path: db)
        let (_, damaged) = try damagedCopy(of: db, quickCheckSeesIt: false)
        var bytes = damaged
        // Bump the file change counter (header bytes 24-27) as a commit does, so that the open connection
        // reads the pages again.
        bytes[27] &+= 1
        try bytes.write(to: URL(fileURLWithPath: db))
        let before = try DirectoryState(dir.path)
        #expect {
            try store.recordUnmapped([UnmappedSighting(type: "t", name: nil, count: 1, firstSeen: Date(), lastSeen: Date())])
        } throws: { error in
            guard case SIDMapError.notASIDDatabase(db, let reason) = error else { return false }
            return reason.hasPrefix("it is damaged: ")
        }
        #expect(try DirectoryState(dir.path) == before)
    }
}
