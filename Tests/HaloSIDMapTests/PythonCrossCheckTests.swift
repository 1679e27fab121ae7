import Foundation
import HaloTesting
import Testing
@testable import HaloSIDMap

/// Python itself reads the generated plugin: its `configparser` (latin-1, with interpolation) and its `re`,
/// used the way ossim-agent uses them, must agree with the Swift tester line by line.
@Suite("The generated plugin under Python")
struct PythonCrossCheckTests {
    /// ossim-agent's way with a plugin, in Python: ConfigParser over the latin-1 text, every section's
    /// items (which interpolates), rules sorted by name, precheck, `re` search with IGNORECASE|UNICODE of the
    /// line with its `\n`, first match wins, `{$name}`, `{normalize_date($name)}` and `{:function($name)}` filled,
    /// the functions loaded from the generated custom functions file as the agent loads them (each called with
    /// the group's UTF-8 bytes).
    static let agent = #"""
    import configparser, datetime, json, re, sys
    cp = configparser.ConfigParser()
    with open(sys.argv[1], encoding="latin-1") as f:
        cp.read_file(f)
    for section in cp.sections():
        cp.items(section)
    rules = []
    for name in sorted(cp.sections()):
        if name in ("config", "info") or name.startswith("translation"):
            continue
        options = dict(cp.items(name))
        rules.append((name, options.get("precheck", ""), re.compile(options["regexp"], re.IGNORECASE | re.UNICODE), options))
    def normalize_date(text):
        for form in ("%b %d %Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ"):
            try:
                return datetime.datetime.strptime(text, form).strftime("%Y-%m-%d %H:%M:%S")
            except ValueError:
                pass
        return text
    functions = {}
    with open(sys.argv[3], "rb") as f:
        for name, body in re.findall(rb"Start Function\s+(\w+)\n(.*?)End Function", f.read(), re.M | re.S):
            exec(body.strip().decode("ascii"), functions)
    def fill(template, match):
        def group(name):
            return (match.group(int(name)) if name.isdigit() else match.group(name)) or ""
        template = re.sub(r"\{:(\w+)\(\$([^)]+)\)\}",
                          lambda m: functions[m.group(1)](None, group(m.group(2)).encode("utf-8")).decode("utf-8"), template)
        template = re.sub(r"\{normalize_date\(\$([^)]+)\)\}", lambda m: normalize_date(group(m.group(1))), template)
        return re.sub(r"\{\$([^}]+)\}", lambda m: group(m.group(1)), template)
    skip = ("regexp", "precheck", "event_type")
    with open(sys.argv[2], encoding="utf-8", newline="\n") as log:
        for number, line in enumerate((line + "\n" for line in log.read().split("\n")[:-1]), start=1):
            out = {"line": number}
            for name, precheck, regexp, options in rules:
                if precheck and precheck not in line:
                    continue
                match = regexp.search(line)
                if match:
                    out["rule"] = name
                    for key, value in options.items():
                        if key not in skip:
                            filled = fill(value, match)
                            if filled:
                                out[key] = filled
                    break
            print(json.dumps(out, ensure_ascii=False, sort_keys=True))
    """#

    @Test("Python's configparser (latin-1) reads the committed plugin, interpolating every section, without error")
    func configparserReadsPlugin() throws {
        let script = """
            import configparser, sys
            cp = configparser.ConfigParser()
            with open(sys.argv[1], encoding="latin-1") as f:
                cp.read_file(f)
            print(len(cp.sections()), cp.get("DEFAULT", "plugin_id"), sum(len(cp.items(s)) for s in cp.sections()))
            """
        let result = try runProcess("/usr/bin/env", ["python3", "-c", script, RepoFile.path(RepoFile.plugin)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("4 9876 "))
    }

    @Test("Python's re and the Swift tester make the same events of the same lines")
    func sameEventsAsSwift() throws {
        let dir = try TemporaryDirectory("pycheck")
        let cases = PluginLines.everySID(of: SIDSeed.builtIn)
        let extra = [
            CEFLineBuilder(sid: 409, name: "x", values: ["rt": "Aug 22 2016 16:24:30", "cat": "t", "externalId": "i",
                                                         "src": "203.0.113.5", "dst": "198.51.100.1", "msg": PluginLines.hostileMessage]).line,
            "not a halo line",
            CEFLineBuilder(sid: 126, name: "x", values: ["rt": "Aug 22 2016 16:24:30", "cat": "t", "externalId": "i"]).line + " bogus=1",
        ]
        let lines = cases.map(\.line) + extra
        let log = lines.joined(separator: "\n") + "\n"
        try log.write(toFile: dir.file("halo.log"), atomically: true, encoding: .utf8)
        try Self.agent.write(toFile: dir.file("agent.py"), atomically: true, encoding: .utf8)
        let result = try runProcess("/usr/bin/env", ["python3", dir.file("agent.py"), RepoFile.path(RepoFile.plugin), dir.file("halo.log"),
                                                     RepoFile.path(RepoFile.functions)])
        #expect(result.status == 0, "\(result.stderr)")
        let pythonEvents = try result.stdout.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(pythonEvents.count == lines.count)
        let tester = try PluginTester(pluginPath: RepoFile.path(RepoFile.plugin))
        for (index, line) in lines.enumerated() where index < pythonEvents.count {
            var python = pythonEvents[index].compactMapValues { $0 as? String }
            let rule = python.removeValue(forKey: "rule")
            let swift = tester.parse(line + "\n")
            #expect(rule == swift?.rule, "line \(index + 1): \(line)")
            #expect(python == (swift?.fields ?? [:]), "line \(index + 1): \(line)")
        }
        #expect(pythonEvents.filter { $0["rule"] == nil }.count == 2)
    }
}
