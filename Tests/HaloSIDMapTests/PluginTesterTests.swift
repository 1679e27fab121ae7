import Foundation
import HaloTesting
import Testing
@testable import HaloSIDMap

@Suite("The generated plugin, run by the tester")
struct PluginTesterTests {
    let tester: PluginTester

    init() throws {
        tester = try PluginTester(pluginPath: RepoFile.path(RepoFile.plugin))
    }

    @Test("a hand-written line for every SID parses with every field right, by its field set's rule")
    func everySID() throws {
        let cases = PluginLines.everySID(of: SIDSeed.builtIn)
        #expect(cases.count == SIDSeed.builtIn.entries.count)
        for c in cases {
            let event = try #require(tester.parse(c.line), "no rule matched: \(c.line)")
            #expect(event.rule == c.rule, "\(c.line)")
            #expect(event.fields == c.fields, "\(c.line)")
            #expect(event.problems == [])
        }
    }

    @Test("lines carrying keys their SID's rule does not take fall through to the catch-all, losing nothing")
    func fallThrough() throws {
        var values = ["rt": "Aug 22 2016 16:24:30", "cat": "halo_login_failure", "externalId": "abc",
                      "src": "203.0.113.5", "suser": "alice", "dst": "198.51.100.7", "cs1": "web-1", "msg": "both"]
        let line = CEFLineBuilder(sid: 409, name: "Halo login failure", values: values)
        let event = try #require(tester.parse(line.line))
        #expect(event.rule == PluginGenerator.catchAllSection)
        #expect(event.fields == PluginLines.expectedFields(line, sid: 409))
        values = ["rt": "Aug 22 2016 16:24:30", "cat": "fim_object_missing", "externalId": "abc", "suser": "bob"]
        let server = CEFLineBuilder(sid: 126, name: "x", values: values)
        #expect(tester.parse(server.line)?.rule == PluginGenerator.catchAllSection)
        #expect(tester.parse(server.line)?.fields["username"] == "bob")
    }

    @Test("only the three always-present keys: every rule still parses; absent fields stay absent")
    func minimalLines() throws {
        for sid in [409, 126, 100, 2_000_000_000, 123_456] {
            let builder = CEFLineBuilder(sid: sid, name: "n", values: ["rt": "Jan 02 2024 03:04:05", "cat": "t", "externalId": "i"])
            let event = try #require(tester.parse(CEFLineBuilder.rfc5424(builder.line)))
            // Every rule sets src_ip (0.0.0.0 without an actor: never the sensor's address); a rule that
            // extracts dst_ip sets 0.0.0.0 without a server address.
            var expected = ["plugin_id": "9876", "tzone": "UTC", "plugin_sid": String(sid), "date": "2024-01-02 03:04:05",
                            "userdata1": "t", "userdata5": "i", "src_ip": "0.0.0.0"]
            if !event.rule.hasSuffix("-actor") { expected["dst_ip"] = "0.0.0.0" }
            #expect(event.fields == expected)
        }
    }

    @Test("hostile values stay inside their field: fake keys, a fake CEF line, bars, backslashes, escapes")
    func hostileValues() throws {
        let values = ["rt": "Aug 22 2016 16:24:30", "src": "203.0.113.5", "suser": #"evil src=1.1.1.1 \"#,
                      "cat": "halo_login_failure", "externalId": "x cat=y", "cs3": "p\\", "msg": PluginLines.hostileMessage]
        let builder = CEFLineBuilder(sid: 409, name: "name with | and \\ and CEF:0|CloudPassage|CPHalo|", values: values)
        for line in [builder.line, CEFLineBuilder.rfc3164(builder.line), CEFLineBuilder.rfc5424(builder.line)] {
            let event = try #require(tester.parse(line))
            let actor = try #require(SIDSeed.builtIn.fieldSet(named: "actor")).fields
            #expect(event.fields == PluginLines.expectedFields(builder, sid: 409, extracting: actor))
            #expect(event.fields["src_ip"] == "203.0.113.5")
            #expect(event.fields["username"] == #"evil src=1.1.1.1 \"#)
            #expect(event.fields["userdata4"] == #"p\"#)
        }
    }

    @Test("lines that are not Halo CEF lines, or break the contract, match no rule")
    func unmatched() {
        let good = CEFLineBuilder(sid: 409, name: "n", values: ["rt": "Aug 22 2016 16:24:30", "cat": "t", "externalId": "i"]).line
        for line in [
            "", "Aug 22 16:24:31 host sshd[1]: Accepted password for root",
            "CEF:0|Other|Product|1.0|409|n|3|rt=Aug 22 2016 16:24:30 cat=t externalId=i",
            good.replacingOccurrences(of: "cat=t", with: "cat=t unknownKey=1"),
            good.replacingOccurrences(of: " externalId=i", with: ""),
            good.replacingOccurrences(of: "|409|", with: "|40x|"),
            "<134>Aug 22 16:24:31 host|x " + good,
            good.lowercased(),
        ] {
            #expect(tester.parse(line) == nil, "\(line)")
        }
    }

    @Test("run: per-rule counts and unmatched lines with their numbers")
    func runReport() {
        let cases = PluginLines.everySID(of: SIDSeed.builtIn)
        let log = cases.map(\.line).joined(separator: "\n") + "\nnot a halo line\n"
        let report = tester.run(log)
        #expect(report.lineCount == cases.count + 1)
        #expect(report.unmatched == [UnmatchedLine(line: cases.count + 1, text: "not a halo line")])
        for rule in report.rules {
            #expect(report.matchCounts[rule, default: 0] == cases.filter { $0.rule == rule }.count)
        }
        #expect(report.summary.contains("unmatched line \(cases.count + 1): not a halo line"))
        #expect(report.events[0].json.hasPrefix("{\"date\":\"2016-08-22 16:24:30\""))
    }
}

@Suite("PluginTester reads plugins as ossim-agent does")
struct PluginConfigSemanticsTests {
    func tester(_ text: String, encoding: String.Encoding = .utf8) throws -> PluginTester {
        try PluginTester(config: PluginConfig(data: text.data(using: encoding)!, file: "test.cfg"))
    }

    let config = "[DEFAULT]\nplugin_id=9000\n\n[config]\ntype=detector\nenable=yes\nsource=log\nlocation=/tmp/x.log\n"

    @Test("sections sorted as strings, first match wins, [info] and [translation*] are no rules, DEFAULT applies")
    func order() throws {
        let t = try tester(config + """
            [b-rule]
            regexp=^(?P<x>a.*)
            plugin_sid=2
            [B-rule]
            regexp=^(?P<x>ab.*)
            plugin_sid=1
            [a-rule]
            regexp=^(?P<x>zzz)
            plugin_sid=3
            [info]
            regexp=.*
            plugin_sid=4
            [translation]
            regexp=.*
            plugin_sid=5
            [translation-extra]
            regexp=.*
            plugin_sid=6
            """)
        #expect(t.rules.map(\.name) == ["B-rule", "a-rule", "b-rule"])
        #expect(t.parse("abc")?.fields == ["plugin_id": "9000", "plugin_sid": "1"])
        #expect(t.parse("axe")?.fields["plugin_sid"] == "2")
        #expect(t.parse("qqq") == nil)
    }

    @Test("option names are case-insensitive; quotes stripped; `:` delimits too; continuation lines; comments")
    func syntax() throws {
        let t = try tester(config + """
            ; a comment
            [rule]
            # another comment
            RegExp = "^(?P<user>\\w+) (\\d+)"
            PRECHECK: " "
            plugin_sid={$2}
            userdata1=user {$user}
              continued
            """)
        let event = try #require(t.parse("alice 42"))
        #expect(event.fields == ["plugin_id": "9000", "plugin_sid": "42", "userdata1": "user alice\ncontinued"])
        #expect(t.parse("alice42") == nil)
    }

    @Test("the regexp is searched case-insensitively; precheck is a plain, case-sensitive substring")
    func caseRules() throws {
        let t = try tester(config + "[r]\nprecheck=MARK\nregexp=mark:(?P<v>\\d+)\nplugin_sid={$v}\n")
        #expect(t.parse("xx MARK: MARK:7")?.fields["plugin_sid"] == "7")
        #expect(t.parse("xx mark:7") == nil)
    }

    @Test("the file is latin-1: byte 0xE9 is é")
    func latin1() throws {
        let t = try tester(config + "[r]\nregexp=^(?P<v>caf\u{E9})\nplugin_sid=1\nuserdata1={$v}\n", encoding: .isoLatin1)
        #expect(t.parse("caf\u{E9}")?.fields["userdata1"] == "caf\u{E9}")
    }

    @Test("normalize_date and translate (with _DEFAULT_)")
    func functions() throws {
        let t = try tester(config + """
            [translation]
            LOW=1
            _DEFAULT_=9
            [r]
            regexp=^(?P<d>.+?);(?P<s>\\w+)$
            plugin_sid={translate($s)}
            date={normalize_date($d)}
            """)
        #expect(t.parse("Aug 22 2016 16:24:30;low")?.fields == ["plugin_id": "9000", "plugin_sid": "1", "date": "2016-08-22 16:24:30"])
        #expect(t.parse("2011-07-08T14:13:42.237Z;other")?.fields["date"] == "2011-07-08 14:13:42")
        #expect(t.parse("2011-07-08T14:13:42.237Z;other")?.fields["plugin_sid"] == "9")
        let odd = try #require(t.parse("yesterday;low"))
        #expect(odd.fields["date"] == "yesterday" && odd.problems.count == 1)
    }

    @Test("Python regex syntax: (?P<name>) with underscores, (?P=name), \\Z, literal braces; `.` stops only at \\n")
    func pythonSyntax() throws {
        let r = try PythonRegex(#"^(?P<first_word>\w+)-(?P=first_word)\Z"#)
        #expect(r.search("ab-ab")?.named["first_word"] == "ab")
        #expect(r.search("ab-ab\n") == nil)
        #expect(try PythonRegex(#"^a{x}$"#).search("a{x}") != nil)
        #expect(try PythonRegex(#"^a.b$"#).search("a\u{2028}b") != nil)
        #expect(try PythonRegex(#"^a$"#).search("a\n") != nil)
        #expect(try PythonRegex(#"^[[]$"#).search("[") != nil)
    }

    @Test("unusable plugins are refused: %(, duplicate sections or options, a missing group, no regexp")
    func refusals() throws {
        for body in [
            "[r]\nregexp=^(?P<v>a)\nplugin_sid=%(v)s\n",
            "[r]\nregexp=^a\nplugin_sid=1\n[r]\nregexp=^b\nplugin_sid=2\n",
            "[r]\nregexp=^a\nregexp=^b\nplugin_sid=1\n",
            "[r]\nregexp=^a\nplugin_sid={$missing}\n",
            "[r]\nplugin_sid=1\n",
            "[r]\nregexp=^(a\nplugin_sid=1\n",
            "[r]\nregexp=^a\nplugin_sid={md5sum($0)}\n",
            "[r]\nno delimiter here\n",
        ] {
            #expect(throws: SIDMapError.self, "\(body)") { try tester(config + body) }
        }
    }
}
