extension Duration {
    /// The duration in whole microseconds (rounded toward zero).
    var microseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }

    /// The duration in whole seconds, rounded up (at least `minimum`).
    func wholeSecondsRoundedUp(minimum: Int64 = 0) -> Int64 {
        let micros = microseconds
        return max(minimum, (micros + 999_999) / 1_000_000)
    }
}
