/// FNV-1a, 64 bits: a fast, stable fingerprint of bytes (not a security hash). Used to recognise a batch
/// in an output file and to key events that carry no id.
package enum Digest {
    package static func fnv1a64(_ bytes: some Sequence<UInt8>, continuing start: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = start
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    package static func fnv1a64Hex(_ bytes: some Sequence<UInt8>) -> String { hex(fnv1a64(bytes)) }

    /// 16 lower-case hex digits.
    package static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
