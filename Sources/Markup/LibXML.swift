@preconcurrency import CLibXML2
import Foundation

/// One-time set-up of libxml2 and the few conversions every wrapper in this module needs.
///
/// libxml2 is called from this module only. `xmlInitParser()` runs once, before the first parse,
/// guarded by a lazily initialised global (Swift runs the initialiser exactly once, thread-safely).
/// `xmlCleanupParser()` is never called: other threads may still be parsing at exit.
enum LibXML {
    /// Runs `xmlInitParser()` and installs an entity loader that refuses every external
    /// resource (DTDs, external entities), so no parse can read a file or reach the network.
    static func ensureInitialized() {
        _ = initialized
    }

    private static let initialized: Bool = {
        xmlInitParser()
        xmlSetExternalEntityLoader(refusingEntityLoader)
        return true
    }()

    /// A Swift `String` from a libxml2 string that libxml2 still owns (not freed here).
    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// A Swift `String` from a libxml2 string the caller owns; frees it with `xmlFree`.
    static func consume(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        defer { xmlFree(pointer) }
        return String(cString: pointer)
    }
}

/// The external entity loader: never loads anything (no XXE, no DTD fetches, no files).
private let refusingEntityLoader: xmlExternalEntityLoader = { _, _, _ in nil }

extension LibXML {
    /// Routes libxml2's error reports on this thread to a handler that drops them.
    ///
    /// `*_PARSE_NOERROR` silences the parser context, but some reports (encoding conversion,
    /// I/O) go to the thread's global handler and would reach stderr. The handler is per thread
    /// in libxml2, so every parse calls this first.
    static func silenceErrors() {
        xmlSetStructuredErrorFunc(nil, silentErrorHandler)
    }
}

/// Drops a libxml2 error report (see ``LibXML/silenceErrors()``).
private let silentErrorHandler: xmlStructuredErrorFunc = { _, _ in }

extension LibXML {
    /// Bytes declared UTF-8 with invalid sequences in them get U+FFFD for each bad sequence,
    /// as browsers do; libxml2 would otherwise stop or switch the rest of the input to Latin-1.
    static func repairingUTF8(_ data: Data, encoding: String?) -> (data: Data, repaired: Bool) {
        guard let encoding, encoding.uppercased() == "UTF-8" || encoding.uppercased() == "UTF8",
            !UTF8Scan(data).isValid
        else { return (data, false) }
        return (Data(String(decoding: data, as: UTF8.self).utf8), true)
    }
}
