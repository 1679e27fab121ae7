#!/usr/bin/env python3
"""CPU an OSSIM sensor spends per Halo CEF line: applies an ossim-agent plugin to a log the way the agent does.

    python3 bench/agent_cost.py PLUGIN.cfg LOGFILE [--repeat N] [--json] [--encoding utf-8|latin1] [--functions FILE]

The agent's rules (docs/bench.md, /work/shared/reference/ossim.md):
- the plugin is read by configparser from latin-1 text, `[DEFAULT]` applying to every section;
- the log is decoded as the agent's `[plugins]` line says (`--encoding`, default utf-8) and split where
  Python's codecs split it (`str.splitlines`), each line keeping its end; a line that does not end in
  `\n` gets the next piece appended, as the agent's tail does;
- every section but `config`, `info` and `translation*` is a rule; rules are tried in the order of their
  names sorted as strings;
- a rule's `precheck` must occur in the line (a plain substring) before its `regexp` is tried;
- the regexp is compiled with IGNORECASE | UNICODE and applied with `re.search`; the first rule that
  matches wins;
- every event field the rule sets is filled from the match: `{$name}`, `{$1}`, `{normalize_date($name)}` and
  `{:function($name)}`, the functions of the plugin's `custom_functions_file` (`--functions`, default the
  `.functions` file beside the plugin, else the repository's `plugin/cloudpassage-halo.functions`), loaded as the agent loads them and called with the group's UTF-8.

Only the per-line work is timed (reading the plugin and the log is not). Prints the figures, or one JSON
object with `--json`; exits 1 if some line matched no rule (every line halo-events writes must parse).
"""
import argparse
import configparser
import datetime
import json
import os
import re
import sys
import time

NOT_FIELDS = ("regexp", "precheck", "event_type")
TEMPLATE = re.compile(r"\{(?:(:?\w+)\()?\$(\w+)\)?\}")
MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}
SYSLOG_NG_DATE = re.compile(r"^([A-Za-z]{3}) +(\d{1,2}) (\d{4}) (\d\d):(\d\d):(\d\d)$")
ISO_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)")


def normalize_date(text):
    """ossim-agent's normalize_date for the forms Halo lines carry (CEF `rt`, ISO-8601): `YYYY-MM-DD HH:MM:SS`."""
    m = SYSLOG_NG_DATE.match(text)
    if m and m.group(1).lower() in MONTHS:
        month, day, year = MONTHS[m.group(1).lower()], int(m.group(2)), int(m.group(3))
        hour, minute, second = int(m.group(4)), int(m.group(5)), int(m.group(6))
    else:
        m = ISO_DATE.match(text)
        if not m:
            return text
        year, month, day, hour, minute, second = (int(g) for g in m.groups())
    return datetime.datetime(year, month, day, hour, minute, second).strftime("%Y-%m-%d %H:%M:%S")


FUNCTIONS = {"normalize_date": normalize_date}


def load_functions(path):
    """The plugin's custom functions, as ossim-agent loads them (`Start Function NAME` … `End Function`), each
    called as the agent calls it: with the group's UTF-8 bytes, its result read as UTF-8."""
    namespace = {}
    with open(path, "rb") as f:
        for name, body in re.findall(rb"Start Function\s+(\w+)\n(.*?)End Function", f.read(), re.M | re.S):
            exec(body.strip().decode("utf-8"), namespace)
            function = namespace[name.decode("ascii")]
            FUNCTIONS[":" + name.decode("ascii")] = lambda text, f=function: f(None, text.encode("utf-8")).decode("utf-8")


def agent_lines(text):
    """The lines ossim-agent reads from the decoded log: split as Python's codecs split, ends kept, a piece
    without a final `\n` joined with the next one."""
    pieces = text.splitlines(True)
    lines = []
    i = 0
    while i < len(pieces):
        line = pieces[i]
        if not line.endswith("\n") and i + 1 < len(pieces):
            i += 1
            line += pieces[i]
        lines.append(line)
        i += 1
    return lines


def compile_value(value):
    """A rule value as a function of the match: constants stay, `{$x}` / `{f($x)}` read the group."""
    parts = []
    position = 0
    for m in TEMPLATE.finditer(value):
        if m.start() > position:
            parts.append(value[position:m.start()])
        function, group = m.group(1), m.group(2)
        key = int(group) if group.isdigit() else group
        apply = FUNCTIONS.get(function) if function else None
        if function and apply is None:
            raise SystemExit("agent_cost.py: the plugin calls %s(), which this script does not implement" % function)
        parts.append((apply, key))
        position = m.end()
    if position < len(value):
        parts.append(value[position:])

    def fill(match):
        out = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            else:
                apply, key = part
                text = match.group(key) or ""
                out.append(apply(text) if apply else text)
        return "".join(out)

    return fill


def load_rules(path):
    parser = configparser.ConfigParser()
    with open(path, encoding="latin-1") as f:
        parser.read_file(f)
    rules = []
    for name in sorted(parser.sections()):
        if name in ("config", "info") or name.startswith("translation"):
            continue
        options = dict(parser.items(name))
        regexp = re.compile(options["regexp"], re.IGNORECASE | re.UNICODE)
        fields = [(key, compile_value(value)) for key, value in options.items() if key not in NOT_FIELDS]
        rules.append((name, options.get("precheck", ""), regexp, fields))
    return rules


def parse(line, rules):
    """The event the agent makes of `line`: (rule name, fields), or None when no rule matches."""
    for name, precheck, regexp, fields in rules:
        if precheck and precheck not in line:
            continue
        match = regexp.search(line)
        if match:
            return name, {key: fill(match) for key, fill in fields}
    return None


def match_only(line, rules):
    for name, precheck, regexp, _ in rules:
        if precheck and precheck not in line:
            continue
        if regexp.search(line):
            return name
    return None


def main():
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("plugin")
    arguments.add_argument("log")
    arguments.add_argument("--repeat", type=int, default=1, help="passes over the log (the best is reported)")
    arguments.add_argument("--json", action="store_true", help="print one JSON object")
    arguments.add_argument("--encoding", default="utf-8", choices=["utf-8", "latin1"],
                           help="how the agent reads the log: utf-8 (|utf-8 on its [plugins] line) or latin1 (no suffix)")
    arguments.add_argument("--functions", help="the plugin's custom functions file (default: the .functions file beside the plugin)")
    options = arguments.parse_args()

    beside = re.sub(r"\.cfg$", "", options.plugin) + ".functions"
    committed = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "plugin", "cloudpassage-halo.functions")
    functions = options.functions or (beside if os.path.exists(beside) else committed)
    if not os.path.exists(functions):
        raise SystemExit("agent_cost.py: no functions file %s" % functions)
    load_functions(functions)
    rules = load_rules(options.plugin)
    with open(options.log, "rb") as f:
        lines = agent_lines(f.read().decode(options.encoding, errors="replace"))
    if not lines:
        raise SystemExit("agent_cost.py: %s holds no line" % options.log)

    best_total = best_match = None
    by_rule = {}
    unmatched = 0
    fields = 0
    for _ in range(max(1, options.repeat)):
        start = time.perf_counter()
        for line in lines:
            match_only(line, rules)
        elapsed = time.perf_counter() - start
        best_match = elapsed if best_match is None else min(best_match, elapsed)

        by_rule, unmatched, fields = {}, 0, 0
        start = time.perf_counter()
        for line in lines:
            event = parse(line, rules)
            if event is None:
                unmatched += 1
            else:
                by_rule[event[0]] = by_rule.get(event[0], 0) + 1
                fields += len(event[1])
        elapsed = time.perf_counter() - start
        best_total = elapsed if best_total is None else min(best_total, elapsed)

    result = {
        "lines": len(lines),
        "unmatched_lines": unmatched,
        "us_per_line": best_total / len(lines) * 1e6,
        "match_only_us_per_line": best_match / len(lines) * 1e6,
        "fields_per_line": fields / len(lines),
        "lines_by_rule": by_rule,
        "python": sys.version.split()[0],
    }
    if options.json:
        print(json.dumps(result, sort_keys=True))
    else:
        print("%d lines, %d unmatched: %.2f us/line (match only %.2f), %.1f fields/line"
              % (len(lines), unmatched, result["us_per_line"], result["match_only_us_per_line"], result["fields_per_line"]))
        for name in sorted(by_rule):
            print("  %-32s %d" % (name, by_rule[name]))
    return 1 if unmatched else 0


if __name__ == "__main__":
    sys.exit(main())
