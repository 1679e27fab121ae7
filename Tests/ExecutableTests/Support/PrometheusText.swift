/// A small parser of the Prometheus text exposition format (0.0.4), strict where node_exporter's textfile
/// collector is: metric and label names, `# HELP` / `# TYPE` before a family's samples, label values with
/// their escapes (`\\`, `\"`, `\n`), float values.
struct PrometheusText {
    struct Sample: Hashable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    private(set) var types: [String: String] = [:]
    private(set) var help: [String: String] = [:]
    private(set) var samples: [Sample] = []

    init(_ text: String) throws {
        guard text.isEmpty || text.hasSuffix("\n") else { throw FormatError(description: "the last line has no line feed") }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) {
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2, Self.isMetricName(parts[0]) else { throw FormatError(description: "bad comment: \(line)") }
                if line.hasPrefix("# TYPE ") {
                    guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[1]), types[parts[0]] == nil,
                          !samples.contains(where: { $0.name == parts[0] })
                    else { throw FormatError(description: "bad or late TYPE: \(line)") }
                    types[parts[0]] = parts[1]
                } else {
                    help[parts[0]] = parts[1]
                }
                continue
            }
            guard !line.hasPrefix("#"), !line.isEmpty else { continue }
            samples.append(try Self.sample(line))
        }
    }

    /// The value of `name` with `labels`, if there is exactly one such sample.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let found = samples.filter { $0.name == name && $0.labels == labels }
        return found.count == 1 ? found[0].value : nil
    }

    static func isMetricName(_ name: String) -> Bool { name.wholeMatch(of: /[a-zA-Z_:][a-zA-Z0-9_:]*/) != nil }

    private static func sample(_ line: String) throws -> Sample {
        var rest = Substring(line)
        let name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" })
        guard isMetricName(name) else { throw FormatError(description: "bad metric name: \(line)") }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let label = String(rest.prefix { $0 != "=" })
                guard label.wholeMatch(of: /[a-zA-Z_][a-zA-Z0-9_]*/) != nil, rest.dropFirst(label.count).hasPrefix("=\"") else {
                    throw FormatError(description: "bad label: \(line)")
                }
                rest = rest.dropFirst(label.count + 2)
                var value = ""
                while let c = rest.first, c != "\"" {
                    rest = rest.dropFirst()
                    if c == "\\" {
                        switch rest.first {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw FormatError(description: "bad escape: \(line)")
                        }
                        rest = rest.dropFirst()
                    } else {
                        value.append(c)
                    }
                }
                guard rest.first == "\"" else { throw FormatError(description: "unterminated label value: \(line)") }
                rest = rest.dropFirst()
                labels[label] = value
                if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" { throw FormatError(description: "bad labels: \(line)") }
            }
            rest = rest.dropFirst()
        }
        let fields = rest.split(separator: " ")
        guard rest.first == " ", (1...2).contains(fields.count), let value = Double(fields[0]) else {
            throw FormatError(description: "bad value: \(line)")
        }
        return Sample(name: name, labels: labels, value: value)
    }
}
