import HaloCommandLine

/// Runs `executable` to its end; throws with its standard error when it fails.
@discardableResult
func runChild(_ executable: String, _ arguments: [String], in directory: BenchDirectory, name: String, timeout: Double) throws -> ChildProcess.Outcome {
    let child = try ChildProcess(executable, arguments, stdout: directory.file("\(name).out"), stderr: directory.file("\(name).err"))
    let outcome = try child.wait(timeout: timeout)
    guard outcome.status == 0 else {
        throw ChildProcess.Failure(
            description: "\(child.command) exited with status \(outcome.status): \(directory.read("\(name).err").suffix(2000))")
    }
    return outcome
}
