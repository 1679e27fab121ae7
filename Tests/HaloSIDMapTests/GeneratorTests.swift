import Foundation
import HaloTesting
import Testing
@testable import HaloSIDMap

@Suite("Generated SQL and plugin")
struct GeneratorTests {
    @Test("the committed sidmap/cloudpassage-halo.sql, plugin/cloudpassage-halo.cfg and .functions are what the tools generate")
    func committedOutputsAreCurrent() throws {
        let table = try SIDSeed.load(path: RepoFile.path(RepoFile.seed))
        #expect(try OSSIMSQLGenerator.sql(for: table) == (try RepoFile.text(RepoFile.sql)),
                "regenerate: halo-sidbuilder init --db /tmp/s.sqlite && halo-sidbuilder sql --db /tmp/s.sqlite -o \(RepoFile.sql)")
        #expect(try PluginGenerator.plugin(for: table) == (try RepoFile.text(RepoFile.plugin)),
                "regenerate: halo-sidbuilder plugin --db /tmp/s.sqlite -o \(RepoFile.plugin)")
        #expect(PluginFunctions.text == (try RepoFile.text(RepoFile.functions)),
                "regenerate: halo-sidbuilder functions -o \(RepoFile.functions)")
    }

    @Test("MySQL literals escape quotes, backslashes, NUL, newlines and Ctrl-Z")
    func mysqlEscaping() {
        #expect(MySQLString.literal("it's") == #"'it\'s'"#)
        #expect(MySQLString.literal(#"a"b\c;d"#) == #"'a\"b\\c;d'"#)
        #expect(MySQLString.literal("a\u{0}b\nc\rd\te\u{1A}f") == #"'a\0b\nc\rd\te\Zf'"#)
        #expect(MySQLString.literal("Überprüfung") == "'Überprüfung'")
    }

    @Test("the SQL has OSSIM's shape: delete, then INSERT IGNORE of the plugin and one row per SID")
    func sqlShape() throws {
        let sql = try OSSIMSQLGenerator.sql(for: SIDSeed.builtIn)
        let statements = sql.split(separator: "\n").filter { !$0.hasPrefix("--") && !$0.hasPrefix("(") }
        #expect(statements == [
            "SET NAMES utf8;",
            "DELETE FROM plugin WHERE id = 9876;",
            "DELETE FROM plugin_sid WHERE plugin_id = 9876;",
            "INSERT IGNORE INTO plugin (id, type, name, description, product_type, vendor) VALUES (9876, 1, 'cloudpassage-halo', 'CloudPassage Halo security events, read from the CEF lines of halo-events', 9, 'CloudPassage');",
            "INSERT IGNORE INTO plugin_sid (plugin_id, sid, category_id, subcategory_id, class_id, reliability, priority, name) VALUES",
        ])
        #expect(sql.split(separator: "\n").filter { $0.hasPrefix("(9876, ") }.count == SIDSeed.builtIn.entries.count)
        #expect(sql.contains("(9876, 409, 2, 25, NULL, 3, 3, 'Halo: Halo login failure'),"))
    }

    @Test("the plugin: DEFAULT plugin_id and tzone=UTC, [config] with its functions, anchored rules with precheck, no % anywhere, ASCII only")
    func pluginShape() throws {
        let text = try PluginGenerator.plugin(for: SIDSeed.builtIn, location: "/var/log/halo/a.log,/var/log/halo/b.log")
        #expect(!text.contains("%"))
        let ascii = text.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(ascii)
        let config = try PluginConfig(data: Data(text.utf8), file: "generated")
        #expect(config.defaults.value("plugin_id") == "9876")
        #expect(config.defaults.value("tzone") == "UTC")
        let settings = try #require(config.section("config"))
        #expect(settings.value("custom_functions_file") == PluginFunctions.defaultLocation)
        #expect(settings.value("location") == "/var/log/halo/a.log,/var/log/halo/b.log")
        #expect(settings.value("type") == "detector" && settings.value("source") == "log" && settings.value("enable") == "yes")
        let rules = config.sections.filter { $0.name != "config" }
        #expect(rules.map(\.name) == ["cloudpassage-halo-001-actor", "cloudpassage-halo-002-server", "cloudpassage-halo-999-any"])
        for rule in rules {
            #expect(rule.value("regexp")?.hasPrefix("^") == true)
            #expect(rule.value("regexp")?.hasSuffix("$") == true)
            #expect(rule.value("precheck") == "CEF:0|CloudPassage|CPHalo|")
            #expect(rule.value("plugin_sid") == "{$sid}")
            #expect(rule.value("date") == "{:halo_date($rt)}")
            #expect(!(rule.value("regexp") ?? "").contains("resolv"))
            // ossim-agent splits a regexp at the two characters `\n` into a multi-line rule.
            #expect(!(rule.value("regexp") ?? "").contains(#"\n"#))
            // No rule leaves src_ip unset (the agent would put the sensor's own address there).
            #expect(rule.value("src_ip") == "{:halo_ip($src)}" || rule.value("src_ip") == "0.0.0.0")
        }
        let tester = try PluginTester(config: config)
        #expect(tester.warnings == [])
    }

    @Test("a location with a newline or % is refused")
    func badLocation() {
        #expect(throws: SIDMapError.self) { try PluginGenerator.plugin(for: SIDSeed.builtIn, location: "/var/log/a\n[x]") }
        #expect(throws: SIDMapError.self) { try PluginGenerator.plugin(for: SIDSeed.builtIn, location: "/var/log/%(here)s") }
    }

    @Test("the SID tries of the field-set rules match exactly their SIDs")
    func digitTrie() throws {
        let sids = [1, 9, 91, 910, 911, 409, 413, 414, 10909, 2_000_000_000]
        let regex = try PythonRegex("^" + CEFRulePattern.digitTrie(sids.map(String.init)) + "$")
        for n in 0...12_000 where regex.search(String(n)) != nil {
            #expect(sids.contains(n), "\(n) matched")
        }
        for sid in sids { #expect(regex.search(String(sid)) != nil, "\(sid) not matched") }
    }
}
