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
        guard let encoding, isUTF8(encoding),
            !UTF8Scan(data).isValid
        else { return (data, false) }
        return (Data(String(decoding: data, as: UTF8.self).utf8), true)
    }
}

extension LibXML {
    /// What libxml2's HTML parser is given for a page.
    struct HTMLInput {
        /// The bytes to parse: the page, or what its elision left (an array, not copied into `Data`).
        var bytes: any ContiguousBytes
        /// The page the pieces in ``standIns`` are in.
        var page: Data
        /// The attribute values and texts that go around libxml2 (see ``StandIns``).
        var standIns: [Range<Int>] = []
    }

    /// What libxml2's HTML parser is given for a page: checked for size, invalid UTF-8
    /// repaired, unread content left out when asked (see ``UnreadContentElision``).
    static func htmlInput(
        _ data: Data, encoding: String?, isValidUTF8: Bool = false, elidingUnreadContent unread: UnreadContent?
    ) throws(MarkupError) -> HTMLInput {
        ensureInitialized()
        guard !data.isEmpty else { throw MarkupError(.emptyDocument, "the HTML document is empty") }
        guard data.count < Int(Int32.max) else {
            throw MarkupError(.tooLarge, "the HTML document is \(data.count) bytes, more than libxml2 takes")
        }
        let page = isValidUTF8 ? data : repairingUTF8(data, encoding: encoding).data
        if let unread, let encoding, UnreadContentElision.appliesTo(encoding: encoding),
            let elided = UnreadContentElision.elide(page, unread, valuesAreUTF8: isUTF8(encoding))
        {
            return HTMLInput(bytes: elided.data, page: page, standIns: elided.standIns)
        }
        return HTMLInput(bytes: page, page: page)
    }

    /// The HTML parser's options: recover, silent, no network; a charset decided beforehand
    /// (`encoding`) overrides the page's own `<meta charset>`.
    static func htmlOptions(encoding: String?) -> UInt32 {
        var options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue
        if encoding != nil { options |= HTML_PARSE_IGNORE_ENC.rawValue }
        return options
    }

    static func isUTF8(_ encoding: String) -> Bool {
        let name = encoding.uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
