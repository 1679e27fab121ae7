import HaloCommandLine
import Testing

/// The one duration type of the command lines (`halo-sim --span`, `halo-events --lookback`…).
@Suite struct DurationArgumentTests {
    @Test("a number with an optional unit, seconds by default; ms is not m", arguments: [
        ("300", Duration.seconds(300)), ("90s", .seconds(90)), ("5m", .seconds(300)), ("1.5h", .seconds(5_400)),
        ("90d", .seconds(90 * 86_400)), ("250ms", .milliseconds(250)), ("0", .zero), ("0.0000015", .microseconds(2)),
    ])
    func reads(_ text: String, _ expected: Duration) throws {
        let value = try #require(DurationArgument(argument: text))
        #expect(value.duration == expected)
        #expect(value.description == text)
    }

    @Test("refuses what is not a non-negative finite number with a known unit", arguments: [
        "", "soon", "-1", "-5m", "inf", "nans", "5 m", "5w", "m", "1e400s",
    ])
    func refuses(_ text: String) {
        #expect(DurationArgument(argument: text) == nil)
    }

    @Test("a default shows in its largest exact unit", arguments: [
        (Duration.seconds(300), "5m"), (.seconds(86_400), "1d"), (.seconds(90), "90s"), (.milliseconds(1_500), "1500ms"),
        (.zero, "0s"), (.microseconds(2_500), "2.5ms"),
    ])
    func defaultSpelling(_ duration: Duration, _ expected: String) {
        #expect(DurationArgument(duration).description == expected)
    }

    @Test("the bounded parser names the flag and the value, and lets the limit itself through")
    func bounded() throws {
        let parse = DurationArgument.parser(flag: "--lookback", atMost: DurationArgument(.seconds(7 * 86_400)))
        #expect(try parse("7d").seconds == 7 * 86_400)
        #expect(try parse("1.5h").seconds == 5_400)
        for text in ["8d", "soon"] {
            let error = #expect(throws: (any Error).self) { try parse(text) }
            #expect("\(error.map { "\($0)" } ?? "")".contains("--lookback=\(text): give seconds"))
        }
    }
}
