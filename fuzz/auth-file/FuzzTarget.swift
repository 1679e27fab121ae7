import Foundation

// libFuzzer target, compiled into the `HaloConnector` module (its file-parsing sources only): the bytes
// of an auth file, parsed as `halo-events` parses it.
//
// Beyond "no crash", a metamorphic check that no secret leaks: the input is parsed again with every
// letter and digit of every secret changed (everything after the first `|` of a line, and whole lines
// without one, rotated within its class, so that no rule's verdict changes). The outcome must be the same:
// the same key ids, or an error message equal to the first, byte for byte. A message that quoted a secret
// would differ.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let path = "/etc/halo-events/haloEvents.auth"
    let first = Result { () throws(ConnectorError) -> AuthFile in try AuthFile(path: path, contents: bytes, mode: 0o600) }
    let second = Result { () throws(ConnectorError) -> AuthFile in try AuthFile(path: path, contents: rotateSecrets(bytes), mode: 0o600) }
    switch (first, second) {
    case (.success(let a), .success(let b)):
        guard a.keys.map(\.keyID) == b.keys.map(\.keyID), !a.keys.isEmpty else { fatalError("the key ids depend on the secrets") }
        guard Set(a.keys.map(\.keyID)).count == a.keys.count else { fatalError("a key id listed twice was accepted") }
        for key in a.keys {
            guard AuthFile.isValidKeyID(key.keyID), !key.secret.isEmpty else { fatalError("accepted key \(key.keyID.debugDescription)") }
            // Every way of printing a key shows the key id and nothing else.
            guard "\(key)" == "key \(key.keyID)", String(reflecting: key) == "APIKey(keyID: \(key.keyID), secret: <hidden>)",
                  Mirror(reflecting: key).children.map({ "\($0.value)" }) == [key.keyID]
            else { fatalError("a description of key \(key.keyID) shows more than its id") }
        }
    case (.failure(let a), .failure(let b)):
        guard a.description == b.description else {
            fatalError("the error message depends on the secrets:\n\(a.description)\n\(b.description)")
        }
    default:
        fatalError("changing the letters of the secrets changed the verdict")
    }
    return 0
}

/// `bytes` with every ASCII letter and digit of what may be a secret rotated within its class.
private func rotateSecrets(_ bytes: [UInt8]) -> [UInt8] {
    var out = bytes
    var lineStart = 0
    while lineStart < out.count {
        let lineEnd = out[lineStart...].firstIndex(of: 0x0A) ?? out.count
        let bar = out[lineStart..<lineEnd].firstIndex(of: UInt8(ascii: "|"))
        for i in (bar.map { $0 + 1 } ?? lineStart)..<lineEnd {
            switch out[i] {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): out[i] = UInt8(ascii: "a") + (out[i] - UInt8(ascii: "a") + 7) % 26
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): out[i] = UInt8(ascii: "A") + (out[i] - UInt8(ascii: "A") + 7) % 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): out[i] = UInt8(ascii: "0") + (out[i] - UInt8(ascii: "0") + 3) % 10
            default: break
            }
        }
        lineStart = lineEnd + 1
    }
    return out
}
