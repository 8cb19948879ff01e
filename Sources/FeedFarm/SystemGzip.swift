import Foundation

/// Compression by the system's gzip(1), so tests check our decoders against bytes we did not
/// make ourselves.
public enum SystemGzip {
    public struct Failure: Error {}

    /// `data` compressed by `/bin/gzip -c` (fed from another thread, so large inputs cannot
    /// fill both pipes and stall).
    public static func compress(_ data: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(data)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let compressed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure() }
        return compressed
    }
}
