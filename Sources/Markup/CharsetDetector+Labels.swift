@preconcurrency import CLibXML2

extension CharsetDetector {
    /// The name libxml2 and iconv accept for a charset label as found in HTTP headers, `<meta>`
    /// tags and XML declarations (`cp1256`, `windows-1256` → `WINDOWS-1256`; `iso-8859-6`,
    /// `arabic` → `ISO-8859-6`; `latin1`, `iso-8859-1`, `us-ascii` → `WINDOWS-1252` as browsers
    /// do), or `nil` for a label nobody knows.
    public static func normalizedLabel(_ label: String) -> String? {
        let key = label.trimmingWhitespace().lowercased()
        guard !key.isEmpty, key.utf8.count < 64 else { return nil }
        if let known = labels[key] { return known }
        // windows-125x / cp125x / x-cp125x
        for prefix in ["windows-", "cp", "x-cp"] where key.hasPrefix(prefix) {
            if let number = Int(key.dropFirst(prefix.count)), (1250...1258).contains(number) {
                return number == 1252 ? "WINDOWS-1252" : "WINDOWS-\(number)"
            }
        }
        // iso-8859-N / iso8859-N / iso_8859-N / iso88591
        for prefix in ["iso-8859-", "iso8859-", "iso_8859-", "iso8859"] where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count).prefix { $0.isNumber }
            if let number = Int(rest) { return isoLabel(number) }
        }
        // Anything else libxml2 (through iconv) can convert.
        return libxml2Accepts(key) ? key.uppercased() : nil
    }

    private static func isoLabel(_ number: Int) -> String? {
        switch number {
        case 1: "WINDOWS-1252"
        case 9: "WINDOWS-1254"
        case 11: "CP874"
        case 2...8, 10, 13...16: "ISO-8859-\(number)"
        default: nil
        }
    }

    private static func libxml2Accepts(_ label: String) -> Bool {
        guard label.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return false }
        LibXML.ensureInitialized()
        guard let handler = xmlFindCharEncodingHandler(label) else { return false }
        xmlCharEncCloseFunc(handler)
        return true
    }

    /// WHATWG encoding labels (the common ones) mapped to iconv names.
    static let labels: [String: String] = {
        var table: [String: String] = [:]
        func add(_ name: String, _ keys: [String]) { for key in keys { table[key] = name } }
        add("UTF-8", ["utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"])
        add("WINDOWS-1256", ["windows-1256", "cp1256", "x-cp1256", "cp-1256", "win-1256", "windows1256"])
        add(
            "ISO-8859-6",
            [
                "arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114", "iso-8859-6",
                "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596", "iso_8859-6",
                "iso_8859-6:1987",
            ])
        add(
            "WINDOWS-1252",
            [
                "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
                "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii",
                "windows-1252", "x-cp1252",
            ])
        add("WINDOWS-1254", ["iso-8859-9", "latin5", "l5", "csisolatin5", "iso-ir-148", "iso_8859-9"])
        add("ISO-8859-2", ["latin2", "l2", "csisolatin2", "iso-ir-101"])
        add("ISO-8859-8", ["hebrew", "iso-8859-8-i", "iso-8859-8-e", "csiso88598e", "csiso88598i", "visual", "logical"])
        add("ISO-8859-7", ["greek", "greek8", "elot_928", "ecma-118", "sun_eu_greek"])
        add("ISO-8859-5", ["cyrillic", "csisolatincyrillic", "iso-ir-144"])
        add("KOI8-R", ["koi8-r", "koi8", "koi", "cskoi8r", "koi8_r"])
        add("KOI8-U", ["koi8-u", "koi8-ru"])
        add("CP866", ["ibm866", "cp866", "866", "csibm866"])
        add("MACINTOSH", ["macintosh", "mac", "x-mac-roman", "csmacintosh"])
        add("CP874", ["windows-874", "dos-874", "tis-620", "iso-8859-11", "iso8859-11"])
        add(
            "GB18030",
            ["gb18030", "gbk", "gb2312", "chinese", "csgb2312", "csiso58gb231280", "gb_2312", "gb_2312-80", "iso-ir-58",
             "x-gbk", "cp936", "windows-936"])
        add("BIG5-HKSCS", ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"])
        add("EUC-JP", ["euc-jp", "cseucpkdfmtjapanese", "x-euc-jp"])
        add("ISO-2022-JP", ["iso-2022-jp", "csiso2022jp"])
        add("CP932", ["shift_jis", "shift-jis", "sjis", "ms_kanji", "ms932", "windows-31j", "x-sjis", "csshiftjis"])
        add(
            "CP949",
            ["euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949", "cp949", "korean",
             "cseuckr", "csksc56011987", "iso-ir-149"])
        add("UTF-16LE", ["utf-16le", "utf-16", "ucs-2", "unicode", "csunicode", "iso-10646-ucs-2", "unicodefeff"])
        add("UTF-16BE", ["utf-16be", "unicodefffe"])
        return table
    }()
}
