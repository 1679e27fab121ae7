/// Seconds from `--lookback` text: a number with an optional unit, `s` (default), `m` or `h`
/// (e.g. `300`, `90s`, `5m`, `1.5h`).
enum DurationText {
    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value.isFinite, value >= 0 else { return nil }
            return value * factor
        }
        guard let value = Double(text), value.isFinite, value >= 0 else { return nil }
        return value
    }
}
