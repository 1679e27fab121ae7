import HaloModel

/// Produces any event of one account's stream from its index alone, deterministically from the seed.
///
/// Types are dealt in a fixed shuffled cycle, so any run of `types.count` consecutive events holds every
/// type (the unknown ones included).
struct EventGenerator: Sendable {
    let accountIndex: Int
    let timeline: Timeline
    private let types: [Description]
    private let legacyNames: [Description]
    private let typeCycle: Cycle
    private let legacyCycle: Cycle
    private let adversarialShare: Double
    private let extraFieldsShare: Double
    private let eventKey: UInt64
    private let idKey: UInt64
    private let servers: [SimulatedServer]

    init(configuration c: SimulatorConfiguration, account: Int) {
        accountIndex = account
        timeline = Timeline(configuration: c, account: account)
        types = c.catalogue.allTypes.map { Description(type: $0.type, name: $0.name, kind: $0.kind) }
        legacyNames = c.catalogue.legacyNames.map { Description(type: nil, name: $0.name, kind: $0.kind) }
        typeCycle = Cycle(length: types.count, key: hashKey(c.seed, Salt.typeOrder, UInt64(account)))
        legacyCycle = Cycle(length: max(1, legacyNames.count), key: hashKey(c.seed, Salt.typeOrder, UInt64(account), 1))
        adversarialShare = c.adversarialShare
        extraFieldsShare = c.extraFieldsShare
        eventKey = hashKey(c.seed, Salt.event, UInt64(account))
        idKey = hashKey(c.seed, Salt.event)
        let accountKey = hashKey(c.seed, Salt.server, UInt64(account))
        servers = (0..<40).map { SimulatedServer(key: hashKey(accountKey, UInt64($0)), accountKey: accountKey) }
    }

    /// A type or legacy name, with what its name says about the fields (worked out once).
    struct Description: Sendable {
        /// The machine type; `nil` for a legacy name (old-style events).
        let type: String?
        let name: String
        let kind: SimulatedEventKind
        /// Whether the name speaks of an API key (such events name the key).
        let aboutAPIKey: Bool
        /// Whether the name speaks of a policy (such portal events name it).
        let aboutPolicy: Bool

        init(type: String?, name: String, kind: SimulatedEventKind) {
            self.type = type
            self.name = name
            self.kind = kind
            let lower = name.lowercased()
            aboutAPIKey = lower.contains("api")
            aboutPolicy = lower.contains("policy")
        }
    }

    /// The few facts filters look at, computed without building the event.
    struct Skeleton {
        let description: Description
        let critical: Bool
        let server: SimulatedServer
        /// Whether the event carries the `server_*` fields.
        let hasServer: Bool

        var type: String? { description.type }
    }

    func skeleton(_ i: Int) -> Skeleton {
        var rng = SplitMix64(key: hashKey(eventKey, UInt64(i)))
        return skeleton(i, &rng)
    }

    private func skeleton(_ i: Int, _ rng: inout SplitMix64) -> Skeleton {
        let critical = rng.chance(0.25)
        let server = servers[rng.below(servers.count)]
        let serverBeside = rng.chance(0.3)
        if timeline.isOldStyle(i) {
            let legacy = legacyNames[legacyCycle[i]]
            return Skeleton(description: legacy, critical: critical, server: server, hasServer: legacy.kind != .actor || serverBeside)
        }
        let type = types[typeCycle[i]]
        return Skeleton(description: type, critical: critical, server: server, hasServer: type.kind != .actor || serverBeside)
    }

    /// The id of event `i`: a bijection of (account, index) in the first 64 bits, so ids never repeat.
    func id(_ i: Int) -> String {
        let unique = mix64(idKey ^ (UInt64(accountIndex) << 40 | UInt64(i)))
        return hex(unique, width: 16) + hex(mix64(unique ^ idKey), width: 16)
    }

    func event(_ i: Int) -> SimulatedEvent {
        var rng = SplitMix64(key: hashKey(eventKey, UInt64(i)))
        let facts = skeleton(i, &rng)
        let oldStyle = facts.type == nil
        let kind = facts.description.kind
        let name = facts.description.name
        let micros = timeline.timestamp(i)
        let createdAt = HaloTimestamp(microseconds: micros)

        var head: [EventField] = [EventField("id", .string(id(i)))]
        if let type = facts.type { head.append(EventField("type", .string(type))) }
        head.append(EventField("name", .string(name)))

        var body: [EventField] = []
        body.reserveCapacity(18)
        let server = facts.server
        if facts.hasServer { server.appendFields(to: &body, rng: &rng) }
        var actorIP = ""
        var actorName = ""
        var actorCountry: String? = nil
        if kind == .actor {
            actorName = rng.pick(FieldPools.usernames)
            actorIP = FieldPools.anyPublicIP(&rng)
            actorCountry = rng.chance(0.9) ? rng.pick(FieldPools.countries) : nil
            body.append(EventField("actor_username", .string(actorName)))
            body.append(EventField("actor_ip_address", .string(actorIP)))
            body.append(EventField("actor_country", actorCountry.map(JSONValue.string) ?? .null))
            if facts.description.aboutAPIKey || rng.chance(0.3) {
                body.append(EventField("actor_key_id", .string(hex(rng.next() & 0xFFFF_FFFF, width: 8))))
                body.append(EventField("actor_key_label", .string(rng.pick(FieldPools.keyLabels))))
            }
        }
        var message: String
        switch kind {
        case .fileIntegrity:
            let policy = rng.pick(FieldPools.fimPolicies)
            let object = rng.pick(FieldPools.objectNames)
            body.append(EventField("policy_name", .string(policy)))
            body.append(EventField("object_name", .string(object)))
            appendScanIDs(to: &body, rng: &rng)
            message = "A change was detected in file integrity target \(object) on \(server.platform) server \(server.label) (\(server.ip)) (source: Scan)"
        case .finding:
            let policy = rng.pick(FieldPools.findingPolicies)
            let rule = rng.pick(FieldPools.ruleNames)
            body.append(EventField("policy_name", .string(policy)))
            body.append(EventField("rule_name", .string(rule)))
            appendScanIDs(to: &body, rng: &rng)
            message = "Rule '\(rule)' of policy '\(policy)' matched on \(server.platform) server \(server.label) (\(server.ip))"
        case .server:
            message = "\(name) on \(server.platform) server \(server.label) (\(server.ip))"
        case .actor:
            if facts.description.aboutPolicy {
                body.append(EventField("policy_name", .string(rng.pick(FieldPools.portalPolicies))))
            }
            message = "\(name): \(actorName) from \(actorIP) (\(actorCountry ?? "unknown country"))"
        }

        var fields = head
        fields.append(EventField("message", .string(message)))
        fields.append(EventField("created_at", .string(createdAt.iso8601(fractionDigits: oldStyle ? 6 : 3))))
        fields.append(EventField("critical", oldStyle ? .string(facts.critical ? "True" : "False") : .bool(facts.critical)))
        fields.append(contentsOf: body)
        if extraFieldsShare > 0 && !oldStyle {
            var extra = SplitMix64(key: hashKey(eventKey, UInt64(i), Salt.extraFields))
            if extra.chance(extraFieldsShare) {
                ExtraFields.append(to: &fields, kind: kind, type: facts.type, server: server, hasServer: facts.hasServer, rng: &extra)
            }
        }
        if rng.chance(adversarialShare) { makeHostile(&fields, oldStyle: oldStyle, rng: &rng) }

        let visibleAfter = timeline.visibleAfterMicros(i).map { Duration.microseconds($0) }
        return SimulatedEvent(accountIndex: accountIndex, index: i, createdAt: createdAt, visibleAfter: visibleAfter,
                              visibleAt: HaloTimestamp(microseconds: timeline.visibleAtMicros(i)), fields: fields)
    }

    private func appendScanIDs(to fields: inout [EventField], rng: inout SplitMix64) {
        fields.append(EventField("scan_id", .string(hex(rng.next(), width: 16) + hex(rng.next(), width: 16))))
        fields.append(EventField("finding_id", .string(hex(rng.next(), width: 16) + hex(rng.next(), width: 16))))
    }

    /// Replaces or extends one to three text fields with hostile values (the message, now and then,
    /// with 64 KiB of them). Old-style events keep their `name`, which is all that identifies them.
    private func makeHostile(_ fields: inout [EventField], oldStyle: Bool, rng: inout SplitMix64) {
        let candidates = fields.indices.filter {
            AdversarialValues.textFields.contains(fields[$0].name) && !(oldStyle && fields[$0].name == "name")
                && fields[$0].value.stringValue != nil
        }
        for _ in 0..<(1 + rng.below(3)) {
            let position = rng.pick(candidates)
            let original = fields[position].value.stringValue ?? ""
            let value: String
            if fields[position].name == "message" && rng.below(64) == 0 {
                value = AdversarialValues.hugeMessage
            } else {
                let sample = rng.pick(AdversarialValues.samples)
                value = rng.chance(0.5) ? sample : original + " " + sample
            }
            fields[position] = EventField(fields[position].name, .string(value))
        }
    }
}

/// A fixed permutation of `0..<length` dealt cyclically: `self[i] = (i·stride + offset) mod length`
/// with `stride` coprime to `length`, so every window of `length` consecutive indices is a permutation.
struct Cycle: Sendable {
    let length: Int
    let stride: Int
    let offset: Int

    init(length: Int, key: UInt64) {
        self.length = length
        var rng = SplitMix64(key: key)
        var candidate = length > 2 ? 1 + rng.below(length - 1) : 1
        while gcd(candidate, length) != 1 { candidate += 1 }
        stride = candidate
        offset = rng.below(length)
    }

    subscript(i: Int) -> Int { Int((UInt64(i) &* UInt64(stride) &+ UInt64(offset)) % UInt64(length)) }
}

private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
