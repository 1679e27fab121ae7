import Foundation
import HaloTesting
import Testing

/// The first seed's use: `halo-events`' default output (JSON lines on standard output) as a Splunk scripted
/// input installed as the guide says, with the `props.conf` stanza of the README. Splunk's timestamp extraction (TRUNCATE, then the
/// first TIME_PREFIX match, then TIME_FORMAT within MAX_TIMESTAMP_LOOKAHEAD characters after it, in TZ) is
/// done with Python's `re` and `strptime` on the connector's real output lines.
@Suite struct SplunkTimestampTests {
    @Test(.timeLimit(.minutes(5)))
    func propsStanzaPicksEachEventsCreatedAt() throws {
        let dir = try TemporaryDirectory("halo-splunk")
        // Old-style events (microseconds) and a large adversarial share (messages holding `"created_at":"…`,
        // quotes, backslashes, 64 KiB values) among the current ones.
        let simulator = try SimulatorProcess(
            arguments: ["--events", "1500", "--seed", "11", "--adversarial-share", "0.3", "--old-style-share", "0.2", "--no-late"], in: dir)
        // Installed as the guide says: the executable and haloEvents.auth in $SPLUNK_HOME/bin/scripts, run by
        // Splunk with no flag but the emulator's URL (the real Halo API needs none).
        let scripts = dir.file("splunk/bin/scripts")
        try FileManager.default.createDirectory(atPath: scripts, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: HaloEventsProcess.path, toPath: scripts + "/halo-events")
        try FileManager.default.copyItem(atPath: simulator.authFile, toPath: scripts + "/haloEvents.auth")
        let run = try runProcess(scripts + "/halo-events", ["--url=\(simulator.baseURL)"], currentDirectory: dir.path, timeout: 300)
        try #require(run.status == 0, "halo-events: \(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scripts).contains { $0.hasSuffix(".checkpoint") },
                "the checkpoint is kept beside the executable")
        let output = dir.file("stdout.jsonl")
        try run.stdout.write(toFile: output, atomically: true, encoding: .utf8)
        #expect(run.stdout.split(separator: "\n").count == 1500)

        let stanza = try Self.documentedStanza(in: "README.md")
        #expect(try Self.documentedStanza(in: "docs/deploy.md") == stanza, "README.md and docs/deploy.md give the same stanza")
        #expect(stanza.contains("TIME_FORMAT = %Y-%m-%dT%H:%M:%S."), "the stanza's TIME_FORMAT lost the colon: \(stanza)")
        let check = try Self.extract(stanza: stanza, output: output, truth: simulator.truthFile, in: dir)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("checked 1500 events"), "\(check.stdout)")

        // The guide's own TIME_FORMAT (no colon before the seconds) finds no timestamp in the same lines.
        let guideStanza = stanza.replacingOccurrences(of: "%H:%M:%S.%3N", with: "%H:%M%S.%6N")
        let guide = try Self.extract(stanza: guideStanza, output: output, truth: simulator.truthFile, in: dir)
        #expect(guide.status != 0)
        #expect(guide.stdout.contains("no timestamp in 1500 of 1500"), "\(guide.stdout)")
    }

    /// The ```ini block of the repository's file `document` that starts with `[cp-halo]`.
    static func documentedStanza(in document: String) throws -> String {
        let doc = try String(contentsOf: TestPaths.repoRoot.appendingPathComponent(document), encoding: .utf8)
        guard let start = doc.range(of: "```ini\n[cp-halo]\n"),
              let end = doc.range(of: "```", range: start.upperBound..<doc.endIndex) else {
            throw StanzaError(description: "\(document) has no ```ini block starting with [cp-halo]")
        }
        return String(doc[doc.index(start.lowerBound, offsetBy: 7)..<end.lowerBound])
    }

    struct StanzaError: Error, CustomStringConvertible { var description: String }

    static func extract(stanza: String, output: String, truth: String, in dir: TemporaryDirectory) throws -> ProcessResult {
        let stanzaFile = dir.file("props-\(UUID().uuidString.prefix(6)).conf")
        try stanza.write(toFile: stanzaFile, atomically: true, encoding: .utf8)
        let script = dir.file("splunk_time.py")
        try splunkTimestampScript.write(toFile: script, atomically: true, encoding: .utf8)
        return try runProcess("/usr/bin/env", ["python3", script, stanzaFile, output, truth], timeout: 120)
    }
}

/// Splunk's timestamp extraction for one sourcetype, as props.conf describes it, applied to every line;
/// each result is compared with the line's own `created_at` and the emulator's truth for that event id.
private let splunkTimestampScript = #"""
import calendar, json, re, sys, time

stanza, output, truth_path = sys.argv[1:4]
props = {}
for raw in open(stanza, encoding="utf-8"):
    line = raw.strip()
    if line and not line.startswith("[") and not line.startswith("#"):
        key, _, value = line.partition("=")
        props[key.strip()] = value.strip()

truncate = int(props.get("TRUNCATE", "10000"))
prefix = re.compile(props["TIME_PREFIX"])
lookahead = int(props.get("MAX_TIMESTAMP_LOOKAHEAD", "128"))
assert props.get("TZ") == "UTC", "events are UTC; the stanza must say TZ = UTC"
assert props.get("SHOULD_LINEMERGE") == "false", "one event per line"

# TIME_FORMAT -> a regex (matched at the start of the lookahead window) and strptime directives.
fmt = props["TIME_FORMAT"]
pattern, directives, i = "", "", 0
widths = {"Y": 4, "m": 2, "d": 2, "H": 2, "M": 2, "S": 2}
while i < len(fmt):
    c = fmt[i]
    if c != "%":
        pattern += re.escape(c); directives += c; i += 1; continue
    m = re.match(r"%(\d?)([A-Za-z])", fmt[i:])
    width, code = m.group(1), m.group(2)
    if code in widths and not width:
        pattern += r"(\d{%d})" % widths[code]; directives += "%" + code
    elif code == "N":
        pattern += r"(\d{%s})" % (width or "9"); directives += "%f"
    else:
        sys.exit("unsupported TIME_FORMAT directive %" + width + code)
    i += len(m.group(0))
time_re = re.compile(pattern)

def ms_of(text):
    """Milliseconds since 1970 of an ISO-8601 UTC created_at (fraction cut to milliseconds)."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z", text)
    y, mo, d, h, mi, s, frac = m.groups()
    seconds = calendar.timegm((int(y), int(mo), int(d), int(h), int(mi), int(s)))
    return seconds * 1000 + int(((frac or "") + "000")[:3])

def splunk_time(event):
    data = event.encode("utf-8")
    if truncate > 0:
        data = data[:truncate]
    text = data.decode("utf-8", "ignore")
    found = prefix.search(text)
    if not found:
        return None
    window = text[found.end():found.end() + lookahead]
    m = time_re.match(window)
    if not m:
        return None
    parsed = time.strptime(m.group(0)[:26].split(".")[0], directives.split(".")[0])
    frac = m.group(0).split(".")[1] if "." in m.group(0) else ""
    return calendar.timegm(parsed) * 1000 + int((frac + "000")[:3])

truth = {}
for raw in open(truth_path, encoding="utf-8"):
    record = json.loads(raw)
    truth[record["event"]["id"]] = record["event"]["created_at"]

lines = open(output, encoding="utf-8").read().split("\n")
assert lines[-1] == "", "output does not end with a line end"
lines = lines[:-1]
missing, wrong = [], []
for line in lines:
    event = json.loads(line)
    want = ms_of(event["created_at"])
    assert event["created_at"] == truth[event["id"]], "created_at differs from the truth for " + event["id"]
    got = splunk_time(line)
    if got is None:
        missing.append(event["id"])
    elif got != want:
        wrong.append((event["id"], event["created_at"], got))
print("checked %d events" % len(lines))
if missing:
    print("no timestamp in %d of %d events, e.g. %s" % (len(missing), len(lines), missing[:3]))
if wrong:
    print("wrong timestamp in %d events, e.g. %s" % (len(wrong), wrong[:3]))
sys.exit(1 if missing or wrong else 0)
"""#
