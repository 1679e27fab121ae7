import Foundation
@testable import HaloConnector
import HaloModel
import HaloPlatform
import Testing

/// The checkpoint file's text, written by hand: one line of JSON that reads back as the same checkpoint,
/// whatever the ids hold.
@Suite("Checkpoint text") struct CheckpointTextTests {
    static let hostileIDs = ["plain", "quote\"d", "back\\slash", "new\nline", "cr\rlf", "nul\u{0}", "nel\u{85}", "ls\u{2028}", "é😀", "/slash/", "json:00ff"]

    static func cursor(ids: [String], start: Int64) -> DeliveryCursor {
        var delivered: [String: HaloTimestamp] = [:]
        for (n, id) in ids.enumerated() { delivered[id] = HaloTimestamp(microseconds: start + Int64(n / 3) * 1_000_001) }
        return DeliveryCursor(
            newest: HaloTimestamp(microseconds: start + 9_000_000), coveredFrom: HaloTimestamp(microseconds: start),
            delivered: delivered, lastSweep: HaloTimestamp(microseconds: start + 5))
    }

    @Test("a checkpoint with hostile ids, every optional field and a pending batch reads back equal, on one line")
    func roundTrip() throws {
        let landing = BatchLanding(
            output: "/var/log/halo \"events\"\n.log", file: FileIdentity(device: 2049, inode: 1 << 40, size: 123_456),
            length: 789, digest: "00ff00ff00ff00ff")
        let cursor = Self.cursor(ids: Self.hostileIDs, start: 1_600_000_000_000_000)
        let next = DeliveryCursor(
            newest: cursor.newest!.adding(seconds: 1), coveredFrom: cursor.coveredFrom,
            delivered: cursor.delivered.merging(["more\"\n": cursor.newest!.adding(seconds: 1)]) { a, _ in a }, lastSweep: nil)
        let pending = PendingBatch(landing: landing, events: 3, next: next)
        let checkpoint = Checkpoint(keyID: "k\"1", cursor: cursor, pending: pending)
        let text = checkpoint.fileText
        #expect(text.last == "\n" && text.dropLast().allSatisfy { !$0.isNewline }, "\(text)")
        #expect(try JSONDecoder().decode(Checkpoint.self, from: Data(text.utf8)) == checkpoint)
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
        // The pending batch's cursor is stored as its difference from the checkpoint's: no second copy of the ids.
        #expect(text.contains(#""next_delta":"#) && !text.contains(#""next":"#))
        #expect(text.components(separatedBy: #""plain""#).count == 2, "\(text)")
    }

    @Test("a pending batch written whole by an earlier release (`next`) still reads")
    func wholeNextStillReads() throws {
        let text = """
            {"cursor":{"delivered":{"2024-05-01T00:00:00.000000Z":["a"]},"newest":"2024-05-01T00:00:00.000000Z"},"format":1,"key_id":"k1",
            "pending":{"device":1,"digest":"00","events":1,"inode":2,"length":10,"length_before":0,
            "next":{"delivered":{"2024-05-01T00:00:01.000000Z":["b"]},"newest":"2024-05-01T00:00:01.000000Z"},"output":"/tmp/x"}}
            """
        let checkpoint = try JSONDecoder().decode(Checkpoint.self, from: Data(text.utf8))
        #expect(checkpoint.pending?.next.delivered == ["b": HaloTimestamp(iso8601: "2024-05-01T00:00:01Z")!])
        #expect(checkpoint.pending?.next.newest == HaloTimestamp(iso8601: "2024-05-01T00:00:01Z"))
    }

    @Test("a pending batch with both or neither of next and next_delta is a damaged checkpoint", arguments: [
        "",
        #","next":{"delivered":{}},"next_delta":{"added":{},"removed":[]}"#,
    ])
    func pendingNeedsOneNext(_ nexts: String) throws {
        let text = #"{"cursor":{"delivered":{}},"format":1,"key_id":"k1","pending":{"device":1,"digest":"00","events":1,"inode":2,"length":10,"length_before":0\#(nexts),"output":"/tmp/x"}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Checkpoint.self, from: Data(text.utf8)) }
    }

    @Test("a delta taken from one cursor to another gives the other back exactly: ids added, pruned, re-timed")
    func deltaIsExact() {
        let t0 = HaloTimestamp(microseconds: 1_600_000_000_000_000)
        let base = DeliveryCursor(newest: t0.adding(seconds: 2), coveredFrom: t0, delivered: ["a": t0, "b": t0.adding(seconds: 1), "c": t0.adding(seconds: 2)])
        let next = DeliveryCursor(
            newest: t0.adding(seconds: 9), coveredFrom: t0.adding(seconds: 1),
            delivered: ["b": t0.adding(seconds: 1), "c": t0.adding(seconds: 3), "d": t0.adding(seconds: 9)], lastSweep: t0)
        let delta = CursorDelta(from: base, to: next)
        #expect(delta.removed == ["a"] && Set(delta.added.keys) == ["c", "d"])
        #expect(delta.applied(to: base) == next)
    }

    @Test("a cursor that has delivered nothing and has no start writes only its empty id map")
    func emptyCursor() throws {
        let checkpoint = Checkpoint(keyID: "k1", cursor: DeliveryCursor(startingAt: nil))
        #expect(checkpoint.fileText == #"{"cursor":{"delivered":{}},"format":1,"key_id":"k1"}"# + "\n")
        #expect(try JSONDecoder().decode(Checkpoint.self, from: Data(checkpoint.fileText.utf8)) == checkpoint)
    }

    @Test("ids are grouped by timestamp, timestamps in order and ids sorted within each")
    func grouping() {
        let t0 = HaloTimestamp(microseconds: 1_600_000_000_000_000), t1 = t0.adding(microseconds: 1)
        let cursor = DeliveryCursor(newest: t1, coveredFrom: t0, delivered: ["b": t0, "a": t0, "c": t1])
        let text = Checkpoint(keyID: "k1", cursor: cursor).fileText
        #expect(text.contains(#""delivered":{"\#(t0)":["a","b"],"\#(t1)":["c"]}"#), "\(text)")
    }
}
