import Foundation
import HaloModel
import HaloSIDMap
import HaloSimulator
import Testing

@Suite("Generated events")
struct GeneratorTests {
    /// The catalogues the generator is tested with: the small built-in list and the SID seed's (what
    /// `halo-sim` serves by default).
    enum Catalogue: String, CaseIterable, Sendable {
        case builtIn, sidSeed
        var catalogue: EventCatalogue { self == .builtIn ? .default : .sidSeed }
    }

    @Test("every catalogue type occurs, unknown types included, with the fields of its kind", arguments: Catalogue.allCases)
    func typesAndFields(_ choice: Catalogue) throws {
        var configuration = SimulatorConfiguration.testing(events: 1_000, accounts: 1)
        configuration.adversarialShare = 0
        configuration.catalogue = choice.catalogue
        let events = SimulatedEventLog(configuration: configuration, account: 0).map(\.event)
        let catalogue = configuration.catalogue
        #expect(Set(events.compactMap(\.type)) == Set((catalogue.types + catalogue.unknownTypes).map(\.type)))
        let kinds = Dictionary(uniqueKeysWithValues: (catalogue.types + catalogue.unknownTypes).map { ($0.type, $0.kind) })
        #expect(Set(kinds.values) == Set(SimulatedEventKind.allCases))
        let serverFields = ["server_id", "server_platform", "server_hostname", "server_label", "server_ip_address", "server_primary_ip_address"]
        for event in events {
            let kind = try #require(kinds[event.type ?? ""])
            for field in ["id", "type", "name", "message", "created_at"] { #expect(event[field] != nil, "\(field) of \(event.compactJSON)") }
            guard case .bool = event.fields["critical"] else { Issue.record("critical is not a JSON boolean"); continue }
            switch kind {
            case .fileIntegrity:
                for field in serverFields + ["policy_name", "object_name", "scan_id", "finding_id"] { #expect(event[field] != nil) }
            case .finding:
                for field in serverFields + ["policy_name", "rule_name", "scan_id", "finding_id"] { #expect(event[field] != nil) }
            case .server:
                for field in serverFields { #expect(event[field] != nil) }
                #expect(event["actor_username"] == nil)
            case .actor:
                for field in ["actor_username", "actor_ip_address"] { #expect(event[field] != nil) }
                #expect(event.fields.keys.contains("actor_country"))
            }
        }
        #expect(events.contains { $0.fields["server_reported_fqdn"] == .null })
        #expect(events.contains { $0["actor_key_id"] != nil })
        #expect(events.filter(\.isCritical).count > 150)
        if choice == .sidSeed { Self.expectSeedFields(events) }
    }

    /// What the SID seed itself says of its types, checked on the events independently of the kinds the
    /// catalogue derived from it: actor-origin types carry `actor_*`, server-origin types `server_*`;
    /// file-integrity changes name their object, rule findings their rule.
    static func expectSeedFields(_ events: [HaloEvent]) {
        let origins = Dictionary(SIDSeed.builtIn.eventTypes.map { ($0.type, $0.origin) }, uniquingKeysWith: { first, _ in first })
        let fileIntegrity: Set = ["fim_target_integrity_changed", "fim_signature_changed", "fim_object_added", "fim_object_missing"]
        let ruleFindings: Set = ["sca_rule_failed", "lids_rule_failed", "cloud_asset_configuration_rule_failed"]
        var checked = 0
        for event in events {
            guard let type = event.type, let origin = origins[type] else { continue }
            checked += 1
            switch origin {
            case .actor: #expect(event["actor_username"] != nil && event["actor_ip_address"] != nil, "\(type) has no actor_*")
            case .server: #expect(event["server_id"] != nil && event["server_hostname"] != nil, "\(type) has no server_*")
            case .any: break
            }
            if fileIntegrity.contains(type) {
                #expect(event["object_name"] != nil && event["policy_name"] != nil && event["server_id"] != nil, "\(type)")
            }
            if ruleFindings.contains(type) { #expect(event["rule_name"] != nil && event["policy_name"] != nil, "\(type)") }
        }
        #expect(checked > 900)
        #expect(events.contains { origins[$0.type ?? ""] == .actor } && events.contains { origins[$0.type ?? ""] == .server })
        #expect(fileIntegrity.union(ruleFindings).isSubset(of: Set(events.compactMap(\.type))))
    }

    @Test("ids are 32 hex digits, unique across accounts; IP fields are valid IPv4 or IPv6 literals")
    func idsAndAddresses() throws {
        let configuration = SimulatorConfiguration.testing(events: 2_000, accounts: 3)
        var ids: Set<String> = []
        var sawV6 = false
        for account in 0..<3 {
            for event in SimulatedEventLog(configuration: configuration, account: account) {
                let id = event.id
                #expect(id.count == 32 && id.allSatisfy(\.isHexDigit) && id == id.lowercased())
                ids.insert(id)
                for field in ["server_ip_address", "server_primary_ip_address", "actor_ip_address"] {
                    guard let ip = event.event[field] else { continue }
                    #expect(isIPAddress(ip), "\(field) = \(ip)")
                    sawV6 = sawV6 || ip.contains(":")
                }
            }
        }
        #expect(ids.count == 6_000)
        #expect(sawV6)
    }

    @Test("the adversarial share carries every hazard, the 64 KiB message too, and pages stay one line of valid JSON")
    func adversarialValues() async throws {
        var configuration = SimulatorConfiguration.testing(events: 4_000, accounts: 1)
        configuration.adversarialShare = 1
        configuration.lateArrivals = nil
        let log = SimulatedEventLog(configuration: configuration, account: 0)
        let values = log.flatMap { $0.fields.compactMap(\.value.stringValue) }
        for sample in AdversarialValues.samples where !sample.isEmpty {
            #expect(values.contains { $0.contains(sample) }, "never generated: \(sample.debugDescription)")
        }
        #expect(values.contains { $0.utf8.count == 65_536 })
        #expect(values.contains { $0.contains("\u{0}") })
        #expect(values.contains { $0.contains("\u{2028}") })

        try await withSimulator(configuration) { sim, client in
            let token = try await client.token(sim.accounts[0])
            var served: [HaloEvent] = []
            for page in 1...40 {
                let reply = try await client.events("per_page=100&page=\(page)", token: token)
                #expect(!reply.body.contains(UInt8(ascii: "\n")) && !reply.body.contains(UInt8(ascii: "\r")))
                #expect(!reply.text.contains("\u{2028}") && !reply.text.contains("\u{2029}"))
                served += try reply.page().events
            }
            // What arrives decodes to exactly what was generated.
            #expect(served == log.map(\.event))
        }
    }

    @Test("served JSON escapes strings exactly as JSONValue.appendQuoted does")
    func escapingMatchesTheModel() throws {
        var configuration = SimulatorConfiguration.testing(events: 1_500, accounts: 1)
        configuration.adversarialShare = 1
        for event in SimulatedEventLog(configuration: configuration, account: 0) {
            let json = event.json
            for field in event.fields {
                guard let value = field.value.stringValue else { continue }
                var expected = "\"\(field.name)\":"
                JSONValue.appendQuoted(value, to: &expected)
                #expect(json.contains(expected), "\(field.name) of event \(event.index)")
            }
        }
    }

    @Test("the same seed gives the same events; another seed other events")
    func determinism() throws {
        let a = SimulatedEventLog(configuration: .testing(events: 300, accounts: 1, seed: 9), account: 0).map(\.json)
        let b = SimulatedEventLog(configuration: .testing(events: 300, accounts: 1, seed: 9), account: 0).map(\.json)
        let c = SimulatedEventLog(configuration: .testing(events: 300, accounts: 1, seed: 10), account: 0).map(\.json)
        #expect(a == b)
        #expect(a != c)
        #expect(SimulatorConfiguration.testing(seed: 9).simulatedAccounts == SimulatorConfiguration.testing(seed: 9).simulatedAccounts)
        #expect(SimulatorConfiguration.testing(seed: 9).simulatedAccounts != SimulatorConfiguration.testing(seed: 10).simulatedAccounts)
    }

    @Test("a bad configuration is refused with the setting named")
    func validation() async throws {
        var configuration = SimulatorConfiguration.testing()
        configuration.bursts = Bursts(every: 100, sizes: 20...250)
        let burst = await #expect(throws: SimulatorConfigurationError.self) { _ = try await HaloSimulator.start(configuration) }
        #expect(burst == SimulatorConfigurationError(.burstLongerThanBlock, value: "20...250 in 100"))
        configuration = .testing()
        configuration.faults = [FaultRule(.serverError(status: 404), .every(2))]
        let status = #expect(throws: SimulatorConfigurationError.self) { try configuration.validate() }
        #expect(status?.code == .faultStatus && status?.value.hasPrefix("404") == true)
        let syntax = #expect(throws: SimulatorConfigurationError.self) { try FaultRule(spec: "500") }
        #expect(syntax == SimulatorConfigurationError(.faultSyntax, value: "'500'"))
        let kind = #expect(throws: SimulatorConfigurationError.self) { try FaultRule(spec: "teapot@3") }
        #expect(kind?.code == .faultKind)
        #expect(throws: SimulatorConfigurationError(.faultEvery, value: "'500@every=0'")) { try FaultRule(spec: "500@every=0") }
        #expect(throws: SimulatorConfigurationError(.faultProbability, value: "'close@p=2'")) { try FaultRule(spec: "close@p=2") }
        #expect(throws: SimulatorConfigurationError(.faultRequests, value: "'reset@0,3'")) { try FaultRule(spec: "reset@0,3") }
        #expect(try FaultRule(spec: "429@every=4", retryAfter: 9) == FaultRule(.tooManyRequests(retryAfter: 9), .every(4)))
        #expect(try FaultRule(spec: "close@p=0.5") == FaultRule(.connectionClosedMidBody, .probability(0.5)))
        #expect(try FaultRule(spec: "reset@p=0.2") == FaultRule(.connectionReset, .probability(0.2)))
        #expect(try FaultRule(spec: "RESET@4,9") == FaultRule(.connectionReset, .requests([4, 9])))
        #expect(try FaultRule(spec: "revoke@2,5") == FaultRule(.tokenRevoked, .requests([2, 5])))
    }
}

/// Whether `text` is an IPv4 or IPv6 literal (by the system's own parser).
func isIPAddress(_ text: String) -> Bool {
    var v4 = in_addr(), v6 = in6_addr()
    return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
}
