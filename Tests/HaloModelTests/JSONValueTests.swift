import Foundation
import HaloModel
import Testing

@Suite struct JSONValueTests {
    @Test func decodesAnEventAndKeepsEveryField() throws {
        let json = #"{"id":"e7","type":"fim_object_added","critical":true,"count":3,"ratio":0.5,"tags":["a",null],"nested":{"k":"v"},"server_ip_address":null}"#
        let event = try JSONDecoder().decode(HaloEvent.self, from: Data(json.utf8))
        #expect(event.id == "e7")
        #expect(event.type == "fim_object_added")
        #expect(event.isCritical)
        #expect(event["count"] == "3")
        #expect(event["ratio"] == "0.5")
        #expect(event.serverIP == nil)
        #expect(event.fields.count == 8)
    }

    @Test func oldEventsSayCriticalAsAString() throws {
        let event = try JSONDecoder().decode(HaloEvent.self, from: Data(#"{"name":"halo login failure","critical":"True"}"#.utf8))
        #expect(event.isCritical)
        #expect(event.type == nil)
    }

    @Test func compactJSONIsOneLineAndRoundTrips() throws {
        let hostile = "a\nb\r\u{0}c\u{2028}\u{85}d\"e\\f\t<g>|h=i é 😀"
        let event = HaloEvent(fields: ["message": .string(hostile), "id": .string("x"), "n": .int(-5), "b": .bool(false)])
        let line = event.compactJSON
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{2028}" || $0 == "\u{85}" })
        let back = try JSONDecoder().decode(HaloEvent.self, from: Data(line.utf8))
        #expect(back == event)
        #expect(line.hasPrefix(#"{"b":false,"id":"x","message":"#))
    }

    @Test func pageDecodesPaginationAndItsAbsence() throws {
        let withNext = #"{"count":2,"pagination":{"next":"http://x/v1/events?page=2"},"events":[{"id":"1"}]}"#
        let last = #"{"count":2,"pagination":{},"events":[]}"#
        #expect(try JSONDecoder().decode(EventPage.self, from: Data(withNext.utf8)).next == "http://x/v1/events?page=2")
        #expect(try JSONDecoder().decode(EventPage.self, from: Data(last.utf8)).next == nil)
    }
}
