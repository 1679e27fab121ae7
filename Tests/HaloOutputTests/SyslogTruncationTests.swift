import Foundation
import HaloModel
import HaloTesting
import Testing
@testable import HaloOutput

@Suite struct SyslogTruncationTests {
    @Test func aMessageThatFitsIsUntouched() {
        let message = SyslogTruncation.message(header: "<14>h: ", line: String(repeating: "a", count: 1000), limit: 1007)
        #expect(message == Array(("<14>h: " + String(repeating: "a", count: 1000)).utf8))
    }

    @Test func aLongMessageIsCutWithAMarkerAndStaysWithinTheLimit() throws {
        let line = String(repeating: "abcdefghij", count: 1000)
        let message = SyslogTruncation.message(header: "<14>h: ", line: line, limit: 8192)
        let text = String(decoding: message, as: UTF8.self)
        #expect(message.count <= 8192)
        #expect(message.count > 8192 - 12)
        let marker = try #require(text.range(of: " [truncated: "))
        let kept = text[text.index(text.startIndex, offsetBy: 7)..<marker.lowerBound]
        #expect(line.utf8.starts(with: kept.utf8))
        #expect(text.hasSuffix(" [truncated: \(line.utf8.count - kept.utf8.count) bytes dropped]"))
    }

    @Test func theCutNeverSplitsACharacterOrAnEscape() throws {
        var random = SeededRandom(seed: 0x7C)
        let cef = CEFFormatter()
        for n in 0..<500 {
            let event = HaloEvent(fields: ["message": .string(String(repeating: TestEvents.text(&random), count: 50))])
            let line = cef.line(for: event, as: .generic)
            let limit = Int.random(in: 480...4000, using: &random)
            let message = SyslogTruncation.message(header: "<14>x: ", line: line, limit: limit)
            try #require(message.count <= limit, "event \(n)")
            try #require(String(validating: message, as: UTF8.self) != nil, "event \(n): cut inside a character")
            let text = String(decoding: message, as: UTF8.self)
            try #require(Expect.isOneCleanLine(text))
            guard let marker = text.range(of: " [truncated: ", options: .backwards) else {
                try #require(text == "<14>x: " + line)
                continue
            }
            // What is left of the line must still parse as CEF: no escape was cut in half.
            let kept = String(text[text.index(text.startIndex, offsetBy: 7)..<marker.lowerBound])
            try #require(line.utf8.starts(with: kept.utf8))
            if kept.count > 60 { _ = try CEFLine(parsing: kept) }
        }
    }
}
