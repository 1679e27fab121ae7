import ArgumentParser

/// A duration on the command line: a number with an optional unit, `ms`, `s` (default), `m`, `h` or `d`.
struct DurationArgument: ExpressibleByArgument, CustomStringConvertible {
    var duration: Duration
    let description: String

    init(_ duration: Duration) {
        self.duration = duration
        let micros = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        description = micros % 1_000_000 == 0 ? "\(micros / 1_000_000)s" : "\(micros / 1000)ms"
    }

    init?(argument: String) {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        let unit = units.first { argument.hasSuffix($0.suffix) && Double(argument.dropLast($0.suffix.count)) != nil }
        let number = unit.map { Double(argument.dropLast($0.suffix.count)) } ?? Double(argument)
        guard let value = number, value >= 0, value.isFinite else { return nil }
        duration = .microseconds(Int64((value * (unit?.seconds ?? 1) * 1_000_000).rounded()))
        description = argument
    }
}
