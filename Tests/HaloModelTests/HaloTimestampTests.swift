import HaloModel
import Testing

@Suite struct HaloTimestampTests {
    @Test(arguments: [
        ("2016-08-22T16:24:30.726Z", Int64(1_471_883_070_726_000)),
        ("2016-08-22T16:24:30.828169Z", Int64(1_471_883_070_828_169)),
        ("2016-08-22T16:24:30Z", Int64(1_471_883_070_000_000)),
        ("2016-08-22T18:24:30.726+02:00", Int64(1_471_883_070_726_000)),
        ("2016-08-22 16:24:30", Int64(1_471_883_070_000_000)),
        ("2016-08-22", Int64(1_471_824_000_000_000)),
        ("1970-01-01T00:00:00.000001Z", Int64(1)),
        ("2016-08-22T16:24:30.1234567Z", Int64(1_471_883_070_123_456)),
        ("2016-08-22T16:24", Int64(1_471_883_040_000_000)),
    ])
    func parsesTheFormsHaloAndUsersWrite(text: String, micros: Int64) {
        #expect(HaloTimestamp(iso8601: text)?.microseconds == micros)
    }

    @Test(arguments: ["", "2016", "2016-13-01", "2016-02-30", "2016-08-22T25:00:00Z", "2016-08-22T16:24:30.Z",
                      "2016-08-22T16:24:30Zjunk", "yesterday", "2016-08-22T16:24:30+2"])
    func rejectsWhatIsNotATimestamp(text: String) {
        #expect(HaloTimestamp(iso8601: text) == nil)
    }

    @Test func formatsWithChosenPrecision() {
        let t = HaloTimestamp(microseconds: 1_471_883_070_726_123)
        #expect(t.iso8601(fractionDigits: 6) == "2016-08-22T16:24:30.726123Z")
        #expect(t.iso8601(fractionDigits: 3) == "2016-08-22T16:24:30.726Z")
        #expect(t.iso8601(fractionDigits: 0) == "2016-08-22T16:24:30Z")
        #expect(t.civil.monthAbbreviation == "Aug")
    }

    @Test func roundTripsAcrossCenturiesAndLeapDays() {
        for micros in stride(from: Int64(-2_208_988_800_000_000), through: 4_102_444_800_000_000, by: 86_400_000_000 * 37 + 1_234_567) {
            let t = HaloTimestamp(microseconds: micros)
            #expect(HaloTimestamp(iso8601: t.description) == t)
        }
        #expect(HaloTimestamp(iso8601: "2024-02-29T00:00:00Z") != nil)
        #expect(HaloTimestamp(iso8601: "2100-02-29T00:00:00Z") == nil)
    }
}
