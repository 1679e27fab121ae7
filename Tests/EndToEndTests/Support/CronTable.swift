import Foundation
import HaloTesting

/// A file in the `/etc/cron.d` format, read the way cron(8) reads it, so a test runs exactly the
/// commands cron would run.
///
/// - `#` lines and blank lines are skipped; `NAME=value` lines set the environment of every command
///   (one pair of surrounding quotes is removed from the value).
/// - Every other line is `minute hour day month weekday user command` (or `@daily user command`).
/// - In the command an unescaped `%` ends the command: the text after it, with every further `%`
///   turned into a newline, is the command's standard input. `\%` stands for `%`.
struct CronTable {
    /// One scheduled command.
    struct Entry {
        /// The five time fields (or the `@` word), as written.
        var schedule: String
        var user: String
        /// The command the shell runs (`%` rules applied).
        var command: String
        /// What cron writes to the command's standard input (`nil` when the line has no `%`).
        var standardInput: String?
    }

    /// The `NAME=value` settings, in file order.
    var environment: [(name: String, value: String)] = []
    var entries: [Entry] = []

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    init(path: String) throws {
        try self.init(parsing: String(contentsOfFile: path, encoding: .utf8), source: path)
    }

    init(parsing text: String, source: String = "crontab") throws {
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if let setting = CronTable.setting(line) {
                environment.append(setting)
                continue
            }
            var fields = Substring(line)
            let timeFieldCount = line.hasPrefix("@") ? 1 : 5
            var time: [Substring] = []
            for _ in 0..<timeFieldCount { time.append(CronTable.nextField(&fields)) }
            let user = CronTable.nextField(&fields)
            let rest = fields.drop(while: { $0 == " " || $0 == "\t" })
            guard time.allSatisfy({ !$0.isEmpty }), !user.isEmpty, !rest.isEmpty else {
                throw ParseError(description: "\(source):\(number + 1): not a cron.d entry: \(line)")
            }
            let (command, input) = CronTable.splitPercent(String(rest))
            entries.append(Entry(schedule: time.joined(separator: " "), user: String(user), command: command, standardInput: input))
        }
    }

    /// The value of a setting, if the file has it.
    func value(of name: String) -> String? { environment.last(where: { $0.name == name })?.value }

    /// The entry whose command starts with the program at a path ending in `program`.
    func entry(running program: String) -> Entry? {
        entries.first { entry in
            let first = entry.command.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            return first == program || first.hasSuffix("/" + program)
        }
    }

    /// The environment cron gives a command: `HOME`, `LOGNAME`, `SHELL`, `PATH` and the file's settings,
    /// then `settings` (as if added to the file); `extraPath` goes before the file's `PATH`.
    func commandEnvironment(home: String, extraPath: String? = nil, settings: [String: String] = [:]) -> [String: String] {
        var env = ["HOME": home, "LOGNAME": "root", "SHELL": "/bin/sh", "PATH": "/usr/bin:/bin"]
        for (name, value) in environment { env[name] = value }
        env.merge(settings) { $1 }
        if let extraPath { env["PATH"] = extraPath + ":" + env["PATH"]! }
        return env
    }

    /// Runs `command` (an entry's command, possibly adjusted by the test) to its end the way cron does:
    /// through the file's `SHELL` with `-c`, in ``commandEnvironment(home:extraPath:settings:)``.
    func run(_ command: String, standardInput: String? = nil, home: String, extraPath: String? = nil,
             settings: [String: String] = [:], timeout: Double = 300) throws -> ProcessResult {
        let env = commandEnvironment(home: home, extraPath: extraPath, settings: settings)
        return try runProcess(env["SHELL"]!, ["-c", command], environment: env, currentDirectory: home,
                              stdin: standardInput.map { Data($0.utf8) }, timeout: timeout)
    }

    /// Starts `command` as ``run(_:standardInput:home:extraPath:settings:timeout:)`` would, without waiting for it.
    func start(_ command: String, home: String, extraPath: String? = nil) throws -> RunningProcess {
        let env = commandEnvironment(home: home, extraPath: extraPath)
        return try RunningProcess(env["SHELL"]!, ["-c", command], environment: env)
    }

    private static func setting(_ line: String) -> (name: String, value: String)? {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        let name = line[..<equals].trimmingCharacters(in: .whitespaces)
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
            value = String(value.dropFirst().dropLast())
        }
        return (name, value)
    }

    private static func nextField(_ text: inout Substring) -> Substring {
        text = text.drop(while: { $0 == " " || $0 == "\t" })
        let field = text.prefix(while: { $0 != " " && $0 != "\t" })
        text = text.dropFirst(field.count)
        return field
    }

    /// cron's `%` rule: returns the command and, when there was an unescaped `%`, the standard input.
    private static func splitPercent(_ text: String) -> (String, String?) {
        var command = "", input: String? = nil
        var escaped = false
        for c in text {
            if escaped {
                if c != "%" { append("\\", to: &command, &input) }
                append(c, to: &command, &input)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "%" {
                if input == nil { input = "" } else { input! += "\n" }
            } else {
                append(c, to: &command, &input)
            }
        }
        if escaped { append("\\", to: &command, &input) }
        return (command, input)
    }

    private static func append(_ c: Character, to command: inout String, _ input: inout String?) {
        if input != nil { input!.append(c) } else { command.append(c) }
    }
}
