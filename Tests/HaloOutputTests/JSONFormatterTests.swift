import Foundation
import HaloModel
import HaloTesting
import Testing
@testable import HaloOutput

@Suite struct JSONFormatterTests {
    let formatter = JSONFormatter()

    /// What `docs/formats.md` says of "the event as received": the page's JSON read by the connector's
    /// reader, written back compactly with keys sorted, whole numbers without a fraction or exponent,
    /// other numbers in their shortest round-trip form, and strings re-escaped by the line rules.
    @Test func theEventAsReceivedIsWrittenBackCompactly() throws {
        let received = #"{ "b" : 1.0, "a": "caf\u00e9 \/ \"q\" tab\tnel\u0085", "c": 1e2, "d": 0.1, "e": -2.5E-3,"#
            + #" "f": [1, {"z": null, "y": true}], "g": 12345678901234567890, "a": "second a", "h": "\ud83d\ude80" }"#
        guard case .object(let fields) = try JSONReader.value(of: Array(received.utf8)) else {
            Issue.record("not an object")
            return
        }
        #expect(formatter.line(for: HaloEvent(fields: fields), as: .generic)
            == #"{"a":"café / \"q\" tab\tnel\u0085","b":1,"c":100,"d":0.1,"e":-0.0025,"f":[1,{"y":true,"z":null}],"#
            + #""g":1.2345678901234567e+19,"h":"🚀"}"#)
    }

    /// Whatever an event holds, its JSON line is one line, holds no raw line break or other control
    /// character, has no white space outside its strings, and decodes back to the event's fields.
    @Test func hostileEventsGiveOneLineThatDecodesToTheEvent() throws {
        var random = SeededRandom(seed: 0x7507)
        for n in 0..<2000 {
            let event = TestEvents.hostile(&random)
            let line = formatter.line(for: event, as: EventClassification(sid: 7, name: TestEvents.text(&random)))
            try #require(Expect.isOneCleanLine(line), "event \(n)")
            try #require(Self.whiteSpaceOutsideStrings(line) == 0, "event \(n): not compact")
            let decoded = try JSONDecoder().decode([String: JSONValue].self, from: Data(line.utf8))
            try #require(decoded == event.fields.mapValues(Self.wholeNumbersAsIntegers), "event \(n)")
        }
    }

    /// A whole `double` is written as an integer (`1.0` → `1`), so it reads back as one.
    static func wholeNumbersAsIntegers(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let d): Int64(exactly: d).map(JSONValue.int) ?? value
        case .array(let items): .array(items.map(wholeNumbersAsIntegers))
        case .object(let members): .object(members.mapValues(wholeNumbersAsIntegers))
        default: value
        }
    }

    /// How many white-space bytes `line` holds outside its JSON strings.
    static func whiteSpaceOutsideStrings(_ line: String) -> Int {
        var count = 0, inString = false, escaped = false
        for byte in line.utf8 {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if [0x20, 0x09, 0x0A, 0x0D].contains(byte) {
                count += 1
            }
        }
        return count
    }
}
