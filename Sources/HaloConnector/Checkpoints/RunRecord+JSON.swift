import HaloModel

// MARK: - File format (JSON)
//
// `{"format": 1, "key_id": "…", "last": RUN, "last_success": RUN, "totals": {"runs": n, "delivered": n,
// "requests": n, "retries": n, "failures": n}, "recent": [{"at": "…", "delivered": n}, …]}`, where RUN is
// `{"at": "…", "result": "succeeded|failed|stopped", "failure": "…", "delivered": n, "requests": n,
// "retries": n, "seconds": x}`; timestamps in ISO-8601 with microseconds.

extension RunRecord: Codable {
    /// The version of the file format written (`"format": 1`).
    public static let format = 1

    enum CodingKeys: String, CodingKey { case format, keyID = "key_id", last, lastSuccess = "last_success", totals, recent }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let format = try c.decode(Int.self, forKey: .format)
        guard format == RunRecord.format else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: c, debugDescription: "format \(format) is not the format this program writes (\(RunRecord.format))")
        }
        self.init(keyID: try c.decode(String.self, forKey: .keyID))
        last = try c.decodeIfPresent(Run.self, forKey: .last)
        lastSuccess = try c.decodeIfPresent(Run.self, forKey: .lastSuccess)
        totals = try c.decode(Totals.self, forKey: .totals)
        recent = try c.decode([Sample].self, forKey: .recent)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(RunRecord.format, forKey: .format)
        try c.encode(keyID, forKey: .keyID)
        try c.encodeIfPresent(last, forKey: .last)
        try c.encodeIfPresent(lastSuccess, forKey: .lastSuccess)
        try c.encode(totals, forKey: .totals)
        try c.encode(recent, forKey: .recent)
    }
}

extension RunRecord.Run: Codable {
    enum CodingKeys: String, CodingKey { case at, result, failure, delivered, requests, retries, seconds }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            at: try c.decodeTimestamp(.at), result: try c.decode(RunRecord.Result.self, forKey: .result),
            failure: try c.decodeIfPresent(String.self, forKey: .failure), delivered: try c.decode(Int.self, forKey: .delivered),
            requests: try c.decode(Int.self, forKey: .requests), retries: try c.decode(Int.self, forKey: .retries),
            seconds: try c.decode(Double.self, forKey: .seconds))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(at.description, forKey: .at)
        try c.encode(result, forKey: .result)
        try c.encodeIfPresent(failure, forKey: .failure)
        try c.encode(delivered, forKey: .delivered)
        try c.encode(requests, forKey: .requests)
        try c.encode(retries, forKey: .retries)
        try c.encode(seconds, forKey: .seconds)
    }
}

extension RunRecord.Sample: Codable {
    enum CodingKeys: String, CodingKey { case at, delivered }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(at: try c.decodeTimestamp(.at), delivered: try c.decode(Int.self, forKey: .delivered))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(at.description, forKey: .at)
        try c.encode(delivered, forKey: .delivered)
    }
}

extension KeyedDecodingContainer {
    /// The ISO-8601 timestamp at `key`.
    fileprivate func decodeTimestamp(_ key: Key) throws -> HaloTimestamp {
        let text = try decode(String.self, forKey: key)
        guard let t = HaloTimestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(text) is not an ISO-8601 timestamp")
        }
        return t
    }
}
