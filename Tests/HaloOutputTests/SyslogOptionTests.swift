import Foundation
import HaloModel
import Testing
@testable import HaloOutput

@Suite struct SyslogOptionTests {
    @Test func facilityValuesParseInBothSpellings() throws {
        #expect(try SyslogPriority(validating: "local3.warning") == SyslogPriority(facility: .local3, severity: .warning))
        #expect(try SyslogPriority(validating: "local3,warning").value == 156)  // what glibc sent for LOG_LOCAL3|LOG_WARNING
        #expect(try SyslogPriority(validating: "user.info") == .default)
        #expect(try SyslogPriority(validating: "AUTHPRIV.ERR") == SyslogPriority(facility: .authpriv, severity: .err))
        #expect(try SyslogPriority(validating: "daemon") == SyslogPriority(facility: .daemon, severity: .info))
        #expect(try SyslogPriority(validating: "security.panic") == SyslogPriority(facility: .auth, severity: .emerg))
        #expect(try SyslogPriority(validating: "ftp.warn").value == 11 * 8 + 4)
        #expect(try SyslogPriority(validating: "kern.error").value == 3)
        #expect(try SyslogPriority(validating: "local7.debug").value == 191)
    }

    @Test func everyFacilityAndSeverityOfSyslogHIsKnown() throws {
        let facilities = ["kern": 0, "user": 1, "mail": 2, "daemon": 3, "auth": 4, "syslog": 5, "lpr": 6, "news": 7, "uucp": 8,
                          "cron": 9, "authpriv": 10, "ftp": 11, "local0": 16, "local1": 17, "local2": 18, "local3": 19,
                          "local4": 20, "local5": 21, "local6": 22, "local7": 23]
        let severities = ["emerg": 0, "alert": 1, "crit": 2, "err": 3, "warning": 4, "notice": 5, "info": 6, "debug": 7]
        for (facility, f) in facilities {
            for (severity, s) in severities {
                #expect(try SyslogPriority(validating: "\(facility).\(severity)").value == f * 8 + s)
            }
        }
        #expect(SyslogFacility.allCases.count == facilities.count)
    }

    @Test func badFacilityValuesSayWhatIsAllowed() {
        #expect(throws: SyslogOptionError(.unknownFacility, "local8.info", name: "local8")) { try SyslogPriority(validating: "local8.info") }
        #expect(throws: SyslogOptionError(.unknownSeverity, "user.loud", name: "loud")) { try SyslogPriority(validating: "user.loud") }
        #expect(throws: SyslogOptionError(.malformedPriority, "a.b.c")) { try SyslogPriority(validating: "a.b.c") }
        #expect(throws: SyslogOptionError(.malformedPriority, "")) { try SyslogPriority(validating: "") }
        #expect(throws: SyslogOptionError(.malformedPriority, ".info")) { try SyslogPriority(validating: ".info") }
        #expect(throws: SyslogOptionError(.unknownSeverity, "user.", name: "")) { try SyslogPriority(validating: "user.") }
        #expect(SyslogOptionError(.unknownFacility, "x.info", name: "x").description.contains("local0"))
    }

    @Test func serverAddressesParse() throws {
        #expect(try SyslogServerAddress(validating: "127.0.0.1:5514") == SyslogServerAddress(host: "127.0.0.1", port: 5514))
        #expect(try SyslogServerAddress(validating: "siem.example.com") == SyslogServerAddress(host: "siem.example.com", port: 514))
        #expect(try SyslogServerAddress(validating: "[2001:db8::5]:6514") == SyslogServerAddress(host: "2001:db8::5", port: 6514))
        #expect(try SyslogServerAddress(validating: "[::1]") == SyslogServerAddress(host: "::1", port: 514))
        #expect(SyslogServerAddress(host: "::1", port: 514).description == "[::1]:514")
        for bad in ["", ":514", "host:", "host:0", "host:65536", "host:x", "2001:db8::5", "[::1", "[::1]514", "a b:1"] {
            #expect(throws: SyslogOptionError(.malformedServer, bad)) { try SyslogServerAddress(validating: bad) }
        }
        #expect(try SyslogTransport(validating: "TCP") == .tcp)
        #expect(throws: SyslogOptionError(.unknownTransport, "tls")) { try SyslogTransport(validating: "tls") }
    }

    @Test func headersAreWhatGlibcAndTheRFCsWrite() throws {
        let time = try #require(HaloTimestamp(iso8601: "2016-08-02T16:24:30.726Z"))
        setenv("TZ", "UTC", 1)
        tzset()
        let priority = SyslogPriority(facility: .local3, severity: .warning)
        #expect(SyslogHeader(style: .local, priority: priority, tag: "halo-events", processID: 42).text(at: time)
            == "<156>Aug  2 16:24:30 halo-events[42]: ")
        #expect(SyslogHeader(style: .rfc3164(hostname: "sensor|1 a"), priority: priority, tag: "my tag:x", processID: 42).text(at: time)
            == "<156>Aug  2 16:24:30 sensor_1_a my_tag_x[42]: ")
        #expect(SyslogHeader(style: .rfc5424(hostname: "sensor"), priority: .default, tag: "halo-events", processID: 7).text(at: time)
            == "<14>1 2016-08-02T16:24:30.726000Z sensor halo-events 7 - - ")
        #expect(SyslogHeader(style: .rfc5424(hostname: ""), priority: .default, tag: "", processID: 7).text(at: time)
            == "<14>1 2016-08-02T16:24:30.726000Z - halo-events 7 - - ")
    }
}
