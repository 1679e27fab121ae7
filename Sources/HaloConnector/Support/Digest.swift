/// FNV-1a, 64 bits: a fast, stable fingerprint of bytes (not a security hash). Used to recognise a batch
/// in an output file and to key events that carry no id. Not generic, so that a caller in another module
/// (the file output) runs the tight loop, not a generic one (which costs a batch several times over).
package enum Digest {
    /// The hash of `bytes`, continuing from `start` (the offset basis by default).
    package static func fnv1a64(_ bytes: UnsafeRawBufferPointer, continuing start: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = start
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The hash of `bytes`, as 16 hex digits.
    package static func fnv1a64Hex(_ bytes: [UInt8]) -> String { hex(bytes.withUnsafeBytes { fnv1a64($0) }) }

    /// 16 lower-case hex digits.
    package static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
