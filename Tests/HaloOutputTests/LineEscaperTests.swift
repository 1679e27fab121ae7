import HaloTesting
import Testing
@testable import HaloOutput

@Suite struct LineEscaperTests {
    private func escaped(_ text: String, delimiter: Unicode.Scalar? = "=", asciiOnly: Bool = false) -> String {
        var buffer = LineBuffer(capacity: 4)
        LineEscaper(delimiter: delimiter, asciiOnly: asciiOnly).append(text, to: &buffer)
        var line = ""
        buffer.write(to: &line)
        return line
    }

    @Test func delimitersBeforeCombiningMarksStayWhole() {
        // `=` + U+0301 is one Character: escaping must work on bytes, not Characters.
        #expect(escaped("a=\u{301}b") == "a\\=\u{301}b")
        #expect(escaped("\\\u{301}") == "\\\\\u{301}")
    }

    @Test func lookAlikeBytesOfLineSeparatorsAreLeftAlone() {
        // U+2027 and U+202A share E2 80 with U+2028/U+2029; U+00A0 shares C2 with U+0085.
        #expect(escaped("\u{2027}\u{202A}\u{A0}\u{84}") == "\u{2027}\u{202A}\u{A0}\u{84}")
        #expect(escaped("\u{2028}\u{2029}\u{85}") == "\\u2028\\u2029\\u0085")
    }

    @Test func everySpecialByteIsFoundAtEveryPositionOfTheWordScan() throws {
        for special in ["\n", "\0", "\u{7F}", "\\", "=", "\u{85}", "\u{2028}", "é"] {
            for length in 0..<40 {
                for position in 0...length {
                    let text = String(repeating: "a", count: position) + special + String(repeating: "b", count: length - position)
                    let line = escaped(text)
                    try #require(Expect.isOneCleanLine(line))
                    try #require(try Unescape.decode(Substring(line), delimiters: ["="]) == text, "\(special.debugDescription) at \(position)")
                }
            }
        }
    }

    @Test func anASCIIOnlyEscaperWritesEveryNonASCIIScalarAtEveryPosition() throws {
        for special in ["é", "\u{85}", "х", "\u{2028}", "€", "\u{FFFF}", "\u{10000}", "\u{1F600}", "\u{10FFFF}", "e\u{301}"] {
            for length in 0..<20 {
                for position in 0...length {
                    let text = String(repeating: "a", count: position) + special + String(repeating: "b", count: length - position)
                    let line = escaped(text, asciiOnly: true)
                    try #require(line.utf8.allSatisfy { $0 < 0x80 }, "\(special.debugDescription) at \(position)")
                    try #require(try Unescape.decode(Substring(line), delimiters: ["="], asciiOnly: true) == text)
                }
            }
        }
        #expect(escaped("\u{85}\u{10000}", asciiOnly: true) == "\\u0085\\U00010000")
    }

    @Test func withoutADelimiterOnlyBackslashAndControlsAreEscaped() {
        #expect(escaped("a=b|c\"d\\e\tf", delimiter: nil) == "a=b|c\"d\\\\e\\tf")
        #expect(escaped("a|b", delimiter: "|") == "a\\|b")
        #expect(escaped("a\"b", delimiter: "\"") == "a\\\"b")
    }

    @Test func invalidUTF8InputIsRepairedNotFatal() {
        let text = String(decoding: [0x61, 0xFF, 0xC2, 0x0A, 0xE2, 0x80], as: UTF8.self)
        #expect(escaped(text) == "a\u{FFFD}\u{FFFD}\\n\u{FFFD}")
    }
}
