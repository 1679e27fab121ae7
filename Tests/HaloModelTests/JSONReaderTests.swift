import Foundation
import HaloModel
import HaloTesting
import Testing

/// `JSONReader` (the connector's page decoder) against `JSONDecoder` (what `Decodable` gives): the same
/// values for what both read, a refusal for everything `JSONDecoder` refuses.
@Suite struct JSONReaderTests {
    private func read(_ text: String) throws -> JSONValue { try JSONReader.value(of: Array(text.utf8)) }
    private func decoded(_ bytes: [UInt8]) -> JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) }

    @Test func readsEveryKindOfValue() throws {
        let value = try read(#" {"s":"a\"b\\c\/d\b\f\n\r\t\u0000\u00e9\ud83d\ude00","t":true,"f":false,"n":null,"i":-42,"x":[1.5,2e-3,{}],"o":{"k":[]}} "#)
        #expect(value == .object([
            "s": .string("a\"b\\c/d\u{08}\u{0C}\n\r\t\u{0}é😀"), "t": .bool(true), "f": .bool(false), "n": .null, "i": .int(-42),
            "x": .array([.double(1.5), .double(0.002), .object([:])]), "o": .object(["k": .array([])]),
        ]))
    }

    @Test func numbersAsJSONDecoderGivesThem() throws {
        for text in ["0", "-0", "1.0", "1e2", "-0.0", "1.5", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                     "123456789012345678901234", "2.5e-3", "1E+2", "100000000000000000000.0", "4.9e-324", "1e-400", "-1e-400"] {
            #expect(try read(text) == decoded(Array(text.utf8)), "\(text)")
        }
    }

    @Test func firstOfDuplicateKeysWins() throws {
        #expect(try read(#"{"a":1,"a":2}"#) == .object(["a": .int(1)]))
        #expect(decoded(Array(#"{"a":1,"a":2}"#.utf8)) == .object(["a": .int(1)]))
    }

    @Test func refusesWhatIsNotJSON() {
        let bad: [[UInt8]] = [
            "", " ", "{", "[1", "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, #"{a:1}"#, "tru", "nulls", "[1] x", "NaN", "-", "1e", "01", "1.", ".5",
            "1E400", #""\ud800""#, #""\udc00""#, #""\ud800x""#, #""\ud800\u0041""#, #""\x""#, #""\u12""#, "\"a\tb\"", "\"a\nb\"", #""abc"#,
            "{\"events\":[{\"id\":\"1\"}", "[" + String(repeating: "[", count: 600) + String(repeating: "]", count: 601),
        ].map { Array($0.utf8) } + [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]]
        for bytes in bad {
            #expect(throws: (any Error).self, "\(String(decoding: bytes, as: UTF8.self).prefix(40))") { try JSONReader.value(of: bytes) }
        }
    }

    @Test func hostileStringsRoundTripThroughTheModelsOwnJSON() throws {
        let hostile = [
            "a\nb\r\nCEF:0|CloudPassage|CPHalo|1.0|409|x|9|src=1.2.3.4", "\u{0}\u{1B}\u{07}\u{7F}", "x\u{2028}y\u{2029}z\u{85}",
            "é 😀 \u{FFFD} \u{10FFFF}", "\"quoted\" \\ back", "<script>alert(1)</script>", "%s%n%x", String(repeating: "A\\", count: 40_000),
        ]
        for text in hostile {
            let json = JSONValue.object(["message": .string(text), "id": .string("e1")]).compactJSON
            let bytes = Array(json.utf8)
            #expect(try JSONReader.value(of: bytes) == decoded(bytes))
            #expect(try JSONReader.value(of: bytes) == .object(["message": .string(text), "id": .string("e1")]))
        }
    }

    @Test("random values: the same as JSONDecoder; random damage: never accepted unless JSONDecoder agrees")
    func agreesWithJSONDecoder() throws {
        var rng = SeededRandom(seed: 42)
        for _ in 0..<300 {
            let value = rng.value(depth: 0)
            let bytes = Array(value.compactJSON.utf8)
            let reference = try #require(decoded(bytes))
            #expect(try JSONReader.value(of: bytes) == reference)
            for _ in 0..<5 {
                var damaged = bytes
                let position = Int(rng.next() % UInt64(damaged.count))
                switch rng.next() % 3 {
                case 0: damaged.remove(at: position)
                case 1: damaged[position] = UInt8(truncatingIfNeeded: rng.next())
                default:
                    let structural = Array(#",:{}[]"\ 0e-."#.utf8)
                    damaged.insert(structural[Int(rng.next() % UInt64(structural.count))], at: position)
                }
                if let read = try? JSONReader.value(of: damaged) {
                    #expect(read == decoded(damaged), "\(String(decoding: damaged, as: UTF8.self).prefix(200))")
                }
            }
        }
    }

    @Test func pageOfEventsAsDecodableGivesIt() throws {
        let page = #"{"count":250,"pagination":{"next":"http://127.0.0.1/v1/events?page=2","previous":null},"events":[{"id":"1","critical":true},{"id":"2","name":"x","critical":"True"}]}"#
        let fast = try Array(page.utf8).withUnsafeBytes { try EventPage(json: $0) }
        let slow = try JSONDecoder().decode(EventPage.self, from: Data(page.utf8))
        #expect(fast.count == 250 && fast.count == slow.count)
        #expect(fast.next == slow.next && fast.next == "http://127.0.0.1/v1/events?page=2")
        #expect(fast.events == slow.events)
        #expect(fast.events.map(\.isCritical) == [true, true])
        let last = try Array(#"{"count":1,"pagination":{},"events":[{"id":"1"}]}"#.utf8).withUnsafeBytes { try EventPage(json: $0) }
        #expect(last.next == nil && last.events.count == 1)
    }

    @Test func pagesOfTheWrongShapeAreRefused() {
        for page in [#"[]"#, #"{"count":1}"#, #"{"events":null}"#, #"{"events":[1]}"#, #"{"events":[null]}"#, #"{"count":"1","events":[]}"#,
                     #"{"count":1.5,"events":[]}"#, #"{"pagination":[],"events":[]}"#, #"{"pagination":{"next":3},"events":[]}"#] {
            #expect(throws: (any Error).self, "\(page)") { try Array(page.utf8).withUnsafeBytes { try EventPage(json: $0) } }
            #expect(throws: (any Error).self, "\(page)") { try JSONDecoder().decode(EventPage.self, from: Data(page.utf8)) }
        }
    }

    @Test func aCutPageIsRefusedAtEveryLength() {
        let page = Array(#"{"count":2,"pagination":{"next":"http://x/?page=2"},"events":[{"id":"1","message":"a\nb","n":1.5},{"id":"2","critical":false}]}"#.utf8)
        for length in 0..<page.count {
            #expect(throws: (any Error).self, "cut at \(length)") { try Array(page[..<length]).withUnsafeBytes { try EventPage(json: $0) } }
        }
    }
}

/// Reproducible random JSON values.
extension SeededRandom {
    mutating func value(depth: Int) -> JSONValue {
        switch next() % (depth < 3 ? 8 : 6) {
        case 0: return .null
        case 1: return .bool(next() % 2 == 0)
        case 2: return .int(Int64(bitPattern: next()) >> Int64(next() % 64))
        case 3: return .double(Double(Int64(bitPattern: next()) >> 20) / 1024 + 0.5)
        case 4, 5: return .string(string())
        case 6: return .array((0..<Int(next() % 4)).map { _ in value(depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int(next() % 5) { members[string()] = value(depth: depth + 1) }
            return .object(members)
        }
    }

    mutating func string() -> String {
        let pieces = ["a", "Z", "9", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "😀", "\u{2028}", "\u{85}", "|", "="]
        return (0..<Int(next() % 12)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined()
    }
}
