#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloAPI
import HaloModel

/// How the connector turns the body of a `GET /v1/events` answer into events: its own function.
enum HaloPageDecoding {
    static let name = "HaloAPIClient.page(from:)"

    static func decode(_ body: Data) throws -> EventPage {
        try HaloAPIClient.page(from: body)
    }
}
