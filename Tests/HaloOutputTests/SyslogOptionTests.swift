import Foundation
import HaloModel
import Testing
@testable import HaloOutput

@Suite struct SyslogOptionTests {
    @Test func facilityValuesParseInBothSpellings() throws {
        #expect(try SyslogPriority(parsing: "local3.warning") == SyslogPriority(facility: .local3, severity: .warning))
        #expect(try SyslogPriority(parsing: "local3,warning").value == 156)  // what glibc sent for LOG_LOCAL3|LOG_WARNING
        #expect(try SyslogPriority(parsing: "user.info") == .default)
        #expect(try SyslogPriority(parsing: "AUTHPRIV.ERR") == SyslogPriority(facility: .authpriv, severity: .err))
        #expect(try SyslogPriority(parsing: "daemon") == SyslogPriority(facility: .daemon, severity: .info))
        #expect(try SyslogPriority(parsing: "security.panic") == SyslogPriority(facility: .auth, severity: .emerg))
        #expect(try SyslogPriority(parsing: "ftp.warn").value == 11 * 8 + 4)
        #expect(try SyslogPriority(parsing: "kern.error").value == 3)
        #expect(try SyslogPriority(parsing: "local7.debug").value == 191)
    }

    @Test func everyFacilityAndSeverityOfSyslogHIsKnown() throws {
        let facilities = ["kern": 0, "user": 1, "mail": 2, "daemon": 3, "auth": 4, "syslog": 5, "lpr": 6, "news": 7, "uucp": 8,
                          "cron": 9, "authpriv": 10, "ftp": 11, "local0": 16, "local1": 17, "local2": 18, "local3": 19,
                          "local4": 20, "local5": 21, "local6": 22, "local7": 23]
        let severities = ["emerg": 0, "alert": 1, "crit": 2, "err": 3, "warning": 4, "notice": 5, "info": 6, "debug": 7]
        for (facility, f) in facilities {
            for (severity, s) in severities {
                #expect(try SyslogPriority(parsing: "\(facility).\(severity)").value == f * 8 + s)
            }
        }
        #expect(SyslogFacility.allCases.count == facilities.count)
    }

    @Test func badFacilityValuesSayWhatIsAllowed() {
        #expect(throws: SyslogPriorityError.unknownFacility("local8", in: "local8.info")) { try SyslogPriority(parsing: "local8.info") }
        #expect(throws: SyslogPriorityError.unknownSeverity("loud", in: "user.loud")) { try SyslogPriority(parsing: "user.loud") }
        #expect(throws: SyslogPriorityError.malformed("a.b.c")) { try SyslogPriority(parsing: "a.b.c") }
        #expect(throws: SyslogPriorityError.malformed("")) { try SyslogPriority(parsing: "") }
        #expect(throws: SyslogPriorityError.malformed(".info")) { try SyslogPriority(parsing: ".info") }
        #expect(throws: SyslogPriorityError.unknownSeverity("", in: "user.")) { try SyslogPriority(parsing: "user.") }
        #expect(SyslogPriorityError.unknownFacility("x", in: "x.info").description.contains("local0"))
    }

    @Test func serverAddressesParse() throws {
        #expect(try SyslogServerAddress(parsing: "127.0.0.1:5514") == SyslogServerAddress(host: "127.0.0.1", port: 5514))
        #expect(try SyslogServerAddress(parsing: "siem.example.com") == SyslogServerAddress(host: "siem.example.com", port: 514))
        #expect(try SyslogServerAddress(parsing: "[2001:db8::5]:6514") == SyslogServerAddress(host: "2001:db8::5", port: 6514))
        #expect(try SyslogServerAddress(parsing: "[::1]") == SyslogServerAddress(host: "::1", port: 514))
        #expect(SyslogServerAddress(host: "::1", port: 514).description == "[::1]:514")
        for bad in ["", ":514", "host:", "host:0", "host:65536", "host:x", "2001:db8::5", "[::1", "[::1]514", "a b:1"] {
            #expect(throws: SyslogOptionError.server(bad)) { try SyslogServerAddress(parsing: bad) }
        }
        #expect(try SyslogTransport(parsing: "TCP") == .tcp)
        #expect(throws: SyslogOptionError.transport("tls")) { try SyslogTransport(parsing: "tls") }
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
