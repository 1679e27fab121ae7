import Foundation
import HaloConnector
import HaloEventsCommand
import HaloTesting
import Testing

/// The auth file: what is tolerated, what is refused (by line number, never echoing a secret).
@Suite("Auth file") struct AuthFileTests {
    static let secret = "6b241204eb0d6aecb93e127f9a31e54f"

    func parse(_ text: String, mode: UInt32? = 0o600) throws(ConnectorError) -> AuthFile {
        try AuthFile(path: "/etc/halo/test.auth", contents: Array(text.utf8), mode: mode)
    }

    @Test("comments, blank lines, blanks around fields, CRLF and a BOM are tolerated; any number of keys")
    func tolerated() throws {
        let text = "\u{FEFF}# Halo keys\r\n\r\n  f88fec2c | \(Self.secret)  \r\n\t\n# second\nabc-123_X|s3cr3t!\n"
        let auth = try parse(text)
        #expect(auth.keys.map(\.keyID) == ["f88fec2c", "abc-123_X"])
        #expect(!auth.isOpenToOthers)

        let many = (0..<10_000).map { String(format: "%08x|%@", $0, Self.secret) }.joined(separator: "\n")
        #expect(try parse(many).keys.count == 10_000)
    }

    @Test("a file others may read is accepted with a warning that says what to do")
    func permissionWarning() throws {
        let auth = try parse("k1|\(Self.secret)\n", mode: 0o644)
        #expect(auth.isOpenToOthers)
        let warning = Sentences.line(for: .authFileOpenToOthers(path: auth.path, mode: try #require(auth.mode)), verbose: false, quiet: false)
        guard case .warning(let text) = warning else { Issue.record("\(String(describing: warning))"); return }
        #expect(text.contains("mode 644") && text.contains("chmod 600"))
    }

    @Test("malformed files are refused with the line number and without the secret", arguments: [
        ("", "lists no API key"),
        ("# only a comment\n\n", "lists no API key"),
        ("k1|\(AuthFileTests.secret)\n\(AuthFileTests.secret)\n", "line 2: expected `key_id|secret`, found no `|`"),
        ("k1|\(AuthFileTests.secret)|extra\n", "line 1: expected `key_id|secret`, found 3 fields"),
        ("|\(AuthFileTests.secret)\n", "line 1: the key id before `|` is empty"),
        ("k1|\n", "line 1 (key k1): the secret after `|` is empty"),
        ("k 1|\(AuthFileTests.secret)\n", "line 1: the key id is not a Halo key id"),
        ("../x|\(AuthFileTests.secret)\n", "line 1: the key id is not a Halo key id"),
        ("k1|\(AuthFileTests.secret) tail\n", "the secret holds a blank"),
        ("k1|\(AuthFileTests.secret)\n# x\nk1|\(AuthFileTests.secret)0\n", "line 3: key k1 is already listed on line 1"),
        ("k1|\(AuthFileTests.secret)\u{0}\n", "is binary"),
    ])
    func refused(_ text: String, _ expected: String) throws {
        do {
            _ = try parse(text)
            Issue.record("accepted: \(text.debugDescription)")
        } catch {
            let text = Sentences.of(error)
            #expect(text.contains(expected), "\(text)")
            #expect(text.contains("/etc/halo/test.auth") && error.path == "/etc/halo/test.auth")
            #expect(!text.contains(Self.secret) && !"\(error)".contains(Self.secret))
        }
    }

    @Test("bytes that are not UTF-8 text are refused")
    func notText() throws {
        do {
            _ = try AuthFile(path: "x.auth", contents: [0x6B, 0x31, 0x7C, 0xFF, 0xFE, 0x0A], mode: 0o600)
            Issue.record("accepted bytes that are not UTF-8")
        } catch {
            guard case .authFileNotUTF8 = error.code else { Issue.record("\(error)"); return }
        }
    }

    @Test("a missing or unreadable file says how to make one")
    func missingFile() throws {
        let dir = try TemporaryDirectory("auth")
        do {
            _ = try AuthFile.load(path: dir.file("nope.auth"))
            Issue.record("loaded a missing file")
        } catch {
            let text = Sentences.of(error)
            #expect(text.contains("cannot read auth file") && text.contains("key_id|secret"), "\(text)")
        }
        do {
            _ = try AuthFile.load(path: dir.path)
            Issue.record("loaded a directory")
        } catch {
            guard case .authFileNotRegular = error.code else { Issue.record("\(error)"); return }
        }
    }

    @Test("an API key never shows its secret, however it is printed")
    func keyDescriptions() {
        let key = APIKey(keyID: "f88fec2c", secret: Self.secret)
        for text in ["\(key)", String(reflecting: key), String(describing: [key]), "\(Mirror(reflecting: key).children.map(\.value))"] {
            #expect(text.contains("f88fec2c") && !text.contains(Self.secret), "\(text)")
        }
    }
}
