import HaloModel
import HaloTesting
import Testing
@testable import HaloSIDMap

@Suite("SIDResolver")
struct SIDResolverTests {
    let resolver = SIDResolver.builtIn

    func event(_ fields: [String: String]) -> HaloEvent {
        HaloEvent(fields: fields.mapValues { .string($0) })
    }

    @Test("by type first, then by legacy name (any case), else the generic SID")
    func lookupOrder() {
        #expect(resolver.classify(event(["type": "halo_login_failure", "name": "whatever"])).sid == 409)
        #expect(resolver.classify(event(["type": "key_created"])).sid == 10812)
        #expect(resolver.classify(event(["type": "ServerEvents::CloudAssetConfigurationRuleFailed"])).sid == 946)
        #expect(resolver.classify(event(["name": "Server Access Scan Requested"])).sid == 812)
        #expect(resolver.classify(event(["name": "HALO LOGIN FAILURE"])).sid == 409)
        // An unknown type falls back to the legacy name, then to the generic SID.
        #expect(resolver.classify(event(["type": "brand_new_type", "name": "halo logout"])).sid == 414)
        let unknown = resolver.classify(event(["type": "brand_new_type", "name": "Brand new"]))
        #expect(unknown == .generic && !unknown.isMapped)
        #expect(resolver.classify(event([:])) == .generic)
    }

    @Test("the classification carries the table's name and the LEEF category")
    func classificationContents() {
        let c = resolver.classify(event(["type": "fim_object_missing"]))
        #expect(c == EventClassification(sid: 126, name: "Halo: File integrity object missing", leefCategory: "server_events", isMapped: true))
    }

    @Test("a resolver from a SID database sees its edits")
    func fromDatabase() throws {
        let dir = try TemporaryDirectory("resolver")
        let store = try SIDStore.create(path: dir.file("sid.sqlite"), table: SIDSeed.builtIn)
        try store.add(SIDEntry(sid: 100_000, name: "Halo: Brand new", types: ["brand_new_type"], categoryID: 10, subcategoryID: 71))
        let fromDB = SIDResolver(table: try SIDStore(path: dir.file("sid.sqlite"), access: .readOnly).loadTable())
        #expect(fromDB.classify(event(["type": "brand_new_type"])).sid == 100_000)
        #expect(fromDB.classify(event(["type": "halo_login_failure"])).sid == 409)
    }
}
