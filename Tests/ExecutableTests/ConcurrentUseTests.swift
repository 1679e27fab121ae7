import Foundation
import HaloTesting
import Testing
@testable import HaloSIDMap

/// The connector records unmapped types while admins run the builder: both must always succeed.
@Suite("Concurrent and read-only use", .serialized)
struct ConcurrentUseTests {
    @Test("recordUnmapped in a loop while builder processes add and change SIDs: nothing fails, nothing is lost")
    func connectorAndBuilderTogether() async throws {
        let (dir, db) = try SIDBuilderProcess.database()
        let store = try SIDStore(path: db)
        let rounds = 40
        async let recording: Void = {
            for round in 0..<rounds {
                let now = Date()
                try store.recordUnmapped([
                    UnmappedSighting(type: "busy_type", name: "Busy type", count: 1, firstSeen: now, lastSeen: now),
                    UnmappedSighting(type: "busy_type_\(round % 4)", name: nil, count: 2, firstSeen: now, lastSeen: now),
                ])
            }
        }()
        var results: [ProcessResult] = []
        for n in 0..<12 {
            results.append(try SIDBuilderProcess.run(["add", "--db", db, "--sid", String(300_000 + n), "--type", "admin_type_\(n)"]))
            results.append(try SIDBuilderProcess.run(["set", "--db", db, "409", "--reliability", String(3 + n % 2)]))
        }
        try await recording
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let sightings = try store.unmappedSightings()
        #expect(sightings.first { $0.type == "busy_type" }?.count == rounds)
        #expect((0..<4).map { i in sightings.first { $0.type == "busy_type_\(i)" }?.count ?? 0 } == [20, 20, 20, 20])
        #expect(try store.loadTable().entries.filter { (300_000..<300_012).contains($0.sid) }.count == 12)
        _ = dir
    }

    @Test("a write waits for another process's write lock instead of failing")
    func waitsForLock() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        // Another process (Python's sqlite3) holds the write lock for 1.5 s.
        let locker = Process()
        locker.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        locker.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("BEGIN IMMEDIATE")
            open(sys.argv[2], "w").close()
            time.sleep(1.5)
            c.execute("ROLLBACK")
            """, db, dir.file("locked")]
        try locker.run()
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: dir.file("locked")) && Date() < deadline { usleep(10_000) }
        #expect(FileManager.default.fileExists(atPath: dir.file("locked")))
        let start = Date()
        let now = Date()
        try SIDStore(path: db).recordUnmapped([UnmappedSighting(type: "late", name: nil, count: 1, firstSeen: now, lastSeen: now)])
        let waited = Date().timeIntervalSince(start)
        locker.waitUntilExit()
        #expect(waited > 0.5, "recordUnmapped did not wait for the lock (\(waited) s)")
        #expect(try SIDStore(path: db).unmappedSightings().map(\.type) == ["late"])
    }

    @Test("a read-only copy (directory and file not writable, as user nobody) serves list, export, explain; writes fail with 74")
    func readOnlyCopy() throws {
        let (dbDir, db) = try SIDBuilderProcess.database()
        defer { _ = dbDir }
        let copy = try TemporaryDirectory("readonly")
        let path = copy.file("sid.sqlite")
        try FileManager.default.copyItem(atPath: db, toPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: copy.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy.path) }
        func asNobody(_ arguments: [String]) throws -> ProcessResult {
            try runProcess("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", SIDBuilderProcess.path] + arguments, timeout: 60)
        }
        let export = try asNobody(["export", "--db", path])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout == (try RepoFile.text(RepoFile.seed)))
        let explain = try asNobody(["explain", "--db", path, "halo_login_failure"])
        #expect(explain.status == 0 && explain.stdout.hasPrefix("SID 409 "), "\(explain.stderr)")
        #expect(try asNobody(["list", "--db", path]).status == 0)
        let add = try asNobody(["add", "--db", path, "--type", "t"])
        #expect(add.status == 74, "\(add.stderr)")
        #expect(add.stderr.contains("cannot use the SID database \(path):"), "\(add.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: copy.path) == ["sid.sqlite"])
    }
}
