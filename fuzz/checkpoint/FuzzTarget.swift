import Foundation
import HaloModel

// libFuzzer target, compiled into the `HaloConnector` module (its file-parsing sources only): the bytes of
// a checkpoint file, and of the original connector's timestamp file, read as `halo-events` reads them.
//
// Beyond "no crash": a checkpoint that reads is written back (as `CheckpointStore.save` writes it) and
// must read back equal — a checkpoint the connector accepted once must never become one it refuses —
// and the arithmetic the run does with it (the re-read window, pruning, the end of a pending batch)
// must not trap.

private let directory: String = {
    let path = "/tmp/halo-fuzz-checkpoint-\(getpid())"
    mkdir(path, 0o700)
    return path
}()
private let store = CheckpointStore(directory: directory, authFile: "/etc/halo-events/fuzz.auth")
private let keyID = "f88fec2c"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    if let checkpoint = try? JSONDecoder().decode(Checkpoint.self, from: bytes) { check(checkpoint) }

    // Through the store, from a file: the checkpoint, then the same bytes as the original's timestamp file.
    _ = FileManager.default.createFile(atPath: store.path(for: keyID), contents: bytes)
    if let checkpoint = try? store.load(keyID: keyID) { check(checkpoint) }
    _ = FileManager.default.createFile(atPath: store.legacyFile!, contents: bytes)
    _ = try? store.legacyTimestamp(keyID: keyID)
    return 0
}

private func check(_ checkpoint: Checkpoint) {
    // What the store writes (Checkpoint+Text.swift): the text must read back as the same checkpoint.
    let written = Data(checkpoint.fileText.utf8)
    guard let back = try? JSONDecoder().decode(Checkpoint.self, from: written) else {
        fatalError("a checkpoint that was read does not read back once written: \(String(decoding: written.prefix(400), as: UTF8.self))")
    }
    guard back == checkpoint else { fatalError("a checkpoint reads back changed once written") }
    for cursor in [checkpoint.cursor] + (checkpoint.pending.map { [$0.next] } ?? []) {
        _ = cursor.readFrom(lookback: 300)
        var pruned = cursor
        pruned.prune(lookback: 300)
    }
    if let pending = checkpoint.pending { _ = pending.landing.file.size + pending.landing.length }
}
