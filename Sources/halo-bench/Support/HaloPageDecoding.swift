import Foundation
import HaloModel

/// How the connector turns the body of a `GET /v1/events` answer into events (HaloAPIClient.eventPage).
enum HaloPageDecoding {
    static let name = "JSONDecoder → EventPage"

    static func decode(_ body: Data) throws -> EventPage {
        try JSONDecoder().decode(EventPage.self, from: body)
    }
}
