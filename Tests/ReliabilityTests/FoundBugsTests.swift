import Foundation
import HaloConnector
import HaloModel
import HaloOutput
import HaloSIDMap
import HaloTesting
import Testing

/// Regression tests for the bugs the campaigns found (each fixed in its owning module; RELIABILITY.md
/// lists them). The end-to-end regressions live beside the campaign that found them: a pending batch whose
/// end overflows and checkpoints that are not regular files (BadInputTests), core dumps and unstorable
/// event types in `sync` (SecurityTests).
@Suite("Bugs the campaigns found") struct FoundBugsTests {
    @Test("a created_at whose offset moves it out of the years 0001-9999 is refused, so a checkpoint never stores a date it cannot read back",
          arguments: ["9999-12-31T23:59:59-01:00", "9999-12-31T23:30:00-00:31", "0001-01-01T00:00:00+00:01", "0001-01-01 00:59:59+01:00"])
    func timestampOutsideWritableYears(_ text: String) {
        #expect(HaloTimestamp(iso8601: text) == nil)
    }

    @Test("the first and last instants of the years 0001-9999 read, write and read back", arguments: [
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59+00:00", "0001-01-01T01:00:00+01:00",
    ])
    func timestampAtTheEdges(_ text: String) throws {
        let time = try #require(HaloTimestamp(iso8601: text))
        #expect(HaloTimestamp(iso8601: time.description) == time)
    }

    @Test("a checkpoint read from an extreme created_at survives the write-and-read of the next run")
    func checkpointWithEdgeTimestamp() throws {
        var cursor = DeliveryCursor(startingAt: nil)
        let event = HaloEvent(fields: ["id": .string("a1"), "created_at": .string("9999-12-31T23:59:59.999999Z")])
        let ceiling = HaloTimestamp(iso8601: "9999-12-31T23:59:59.999999Z")!
        let first = cursor.admit(event, notAfter: ceiling)
        #expect(first == .new)
        let hostile = HaloEvent(fields: ["id": .string("a2"), "created_at": .string("9999-12-31T23:59:59-01:00")])
        let second = cursor.admit(hostile, notAfter: ceiling)   // delivered, but its created_at does not count: it cannot be written
        #expect(second == .new)
        cursor.prune(lookback: 300)
        let checkpoint = Checkpoint(keyID: "k1", cursor: cursor)
        #expect(try JSONDecoder().decode(Checkpoint.self, from: Data(checkpoint.fileText.utf8)) == checkpoint)
    }

    @Test("CEF rt writes the year in four digits, also before the year 1000 (`MMM dd yyyy`)")
    func cefYearInFourDigits() throws {
        let event = HaloEvent(fields: ["id": .string("x"), "type": .string("t"), "created_at": .string("0024-05-03T11:59:58Z")])
        let line = CEFFormatter().line(for: event, as: .generic)
        #expect(line.contains("rt=May 03 0024 11:59:58 "), "\(line)")
    }

    @Test("a pending batch whose end does not fit in 64 bits is a damaged checkpoint, not an arithmetic trap")
    func pendingBatchOverflow() throws {
        let text = """
            {"format":1,"key_id":"k1","cursor":{"delivered":{}},"pending":{"output":"/tmp/x","device":1,"inode":2,
            "length_before":9223372036854775800,"length":100,"digest":"00","events":1,"next":{"delivered":{}}}}
            """
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Checkpoint.self, from: Data(text.utf8)) }
    }

    @Test("sync gives SIDs to the types OSSIM can store and leaves the others unmapped, instead of refusing them all")
    func syncSkipsUnstorableTypes() throws {
        let dir = try TemporaryDirectory("sync")
        let store = try SIDStore.create(path: dir.file("sid.sqlite"), table: SIDSeed.builtIn)
        let seen = Date(timeIntervalSince1970: 1_700_000_000)
        try store.recordUnmapped([
            UnmappedSighting(type: String(repeating: "x", count: 300), name: nil, count: 1, firstSeen: seen, lastSeen: seen),
            UnmappedSighting(type: "brand_new_type", name: "Brand new type", count: 2, firstSeen: seen, lastSeen: seen),
            UnmappedSighting(type: "line\nbreak", name: nil, count: 1, firstSeen: seen, lastSeen: seen),
        ])
        let added = try store.syncUnmapped()
        #expect(added.flatMap(\.types) == ["brand_new_type"])
        #expect(Set(try store.unmappedSightings().compactMap(\.type)) == [String(repeating: "x", count: 300), "line\nbreak"])
    }
}
