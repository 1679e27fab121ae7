import ArgumentParser
import HaloPlatform

/// A duration on the command line: a number with an optional unit, `ms`, `s` (the default), `m`, `h` or `d`
/// (e.g. `300`, `250ms`, `90s`, `5m`, `1.5h`, `90d`). Negative, infinite and unreadable values are refused.
///
/// Kept to whole microseconds. `description` is the text as given, or for a default value the shortest
/// exact spelling (`300s` shows as `5m`), which is what `--help` prints after "default:".
public struct DurationArgument: ExpressibleByArgument, CustomStringConvertible, Sendable {
    /// The duration.
    public let duration: Duration
    /// The duration as the user wrote it (or its shortest exact spelling).
    public let description: String

    /// The units with their length in microseconds; `ms` first, so that it is tried before `s` and `m`.
    private static let units: [(suffix: String, microseconds: Int64)] = [
        ("ms", 1_000), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000), ("d", 86_400_000_000),
    ]

    /// `duration`, spelled with the largest unit that holds it exactly (`0s` for zero).
    public init(_ duration: Duration) {
        self.duration = duration
        let (seconds, attoseconds) = duration.components
        let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        if let unit = Self.units.reversed().first(where: { micros != 0 && micros % $0.microseconds == 0 }) {
            description = "\(micros / unit.microseconds)\(unit.suffix)"
        } else {
            description = micros == 0 ? "0s" : "\(Double(micros) / 1_000)ms"
        }
    }

    /// Reads `argument`; `nil` when it is not a non-negative finite number with an optional unit.
    public init?(argument: String) {
        let unit = Self.units.first { argument.hasSuffix($0.suffix) && Double(argument.dropLast($0.suffix.count)) != nil }
        let number = unit.map { Double(argument.dropLast($0.suffix.count)) } ?? Double(argument)
        guard let value = number, value.isFinite, value >= 0 else { return nil }
        let micros = (value * Double(unit?.microseconds ?? 1_000_000)).rounded()
        guard micros < Double(Int64.max) else { return nil }
        duration = .microseconds(Int64(micros))
        description = argument
    }

    /// A parser for `@Option(transform:)` that also refuses durations longer than `limit`; its error names
    /// `flag` and the value, e.g. `--lookback=soon: give seconds, or a number with ms, s, m, h or d, at most 7d`.
    public static func parser(flag: String, atMost limit: DurationArgument) -> @Sendable (String) throws -> DurationArgument {
        { text in
            guard let value = DurationArgument(argument: text), value.duration <= limit.duration else {
                throw ValidationError("\(flag)=\(text): give seconds, or a number with ms, s, m, h or d, at most \(limit) (e.g. 5m)")
            }
            return value
        }
    }

    /// The duration in seconds.
    public var seconds: Double { duration.seconds }
}
