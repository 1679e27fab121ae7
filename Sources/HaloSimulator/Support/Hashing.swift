/// Stateless, seedable randomness: everything the emulator generates is a pure function of
/// (seed, account, index, …), so any event can be produced on its own and the same seed always
/// gives the same bytes.

/// SplitMix64's finaliser: a bijection on `UInt64` that scatters nearby inputs far apart.
@inline(__always)
func mix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// Folds several words into one well-mixed key.
@inline(__always)
func hashKey(_ parts: UInt64...) -> UInt64 {
    var h: UInt64 = 0x51_7CC1_B727_220A
    for part in parts { h = mix64(h ^ part) }
    return h
}

/// Salts that keep the independent random streams apart.
enum Salt {
    static let event: UInt64 = 0xE7E1
    static let timeJitter: UInt64 = 0x71AE
    static let burst: UInt64 = 0xB025
    static let server: UInt64 = 0x5E77
    static let account: UInt64 = 0xACC7
    static let token: UInt64 = 0x70CE
    static let fault: UInt64 = 0xFA17
    static let typeOrder: UInt64 = 0x7195
    static let lateness: UInt64 = 0x1A7E
    static let tieOrder: UInt64 = 0x7E0D
    static let extraFields: UInt64 = 0xE8F1
}

/// A small generator over ``mix64(_:)`` for drawing several values from one key.
struct SplitMix64 {
    var state: UInt64

    init(key: UInt64) { state = key }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (`bound` > 0).
    mutating func below(_ bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        p >= 1 || (p > 0 && unit() < p)
    }

    /// A uniform double in `0..<1`.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }
}

/// Lower-case hexadecimal digits of `value`, zero-padded to `width`.
func hex(_ value: UInt64, width: Int) -> String {
    let digits = String(value, radix: 16)
    return digits.utf8.count >= width ? digits : String(repeating: "0", count: width - digits.utf8.count) + digits
}
