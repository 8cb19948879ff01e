import Foundation

/// Hand-written articles for the Dedupe tests (our own text, in English and Arabic), and the
/// shared seed when present.
enum Fixtures {
    /// A short wire story about a port reopening.
    static let englishPort = [
        "The port of Aden reopened to commercial shipping on Tuesday after a closure of nearly four months, officials said, as the first container vessel docked at the main terminal.",
        "Harbour authorities said cranes damaged during the fighting had been repaired and that customs staff were back at work, allowing food and fuel shipments to resume.",
        "The reopening is expected to ease shortages in the south of the country, where the price of flour has doubled since the spring, according to aid agencies.",
        "A spokesman for the port authority said three more ships were waiting offshore and would be unloaded by the end of the week if the weather held.",
        "Traders in the city welcomed the news but warned that insurance costs for vessels calling at the port remained far higher than before the conflict.",
        "The United Nations said it would send an assessment team to the harbour next month to decide whether larger aid deliveries could be routed through Aden.",
    ]

    /// Another story on the same topic (the same port), different text.
    static let englishPortOther = [
        "Aid agencies on Thursday urged donors to fund repairs at Aden's port, saying the harbour could handle twice as much cargo if its fuel depots were rebuilt.",
        "The appeal came two days after the port reopened to commercial shipping, ending a closure that had lasted almost four months.",
        "Officials said the main fuel depot was destroyed in the spring and that tankers currently unload directly into trucks, a slow and dangerous process.",
        "Donors meeting in Geneva next week are expected to discuss the request, which aid groups put at about forty million dollars.",
    ]

    /// A story about a marathon, Arabic.
    static let arabicMarathon = [
        "شارك أكثر من خمسة آلاف عداء في ماراثون الرياض الدولي صباح الجمعة، في نسخته الثالثة التي أقيمت على مسار يمتد اثنين وأربعين كيلومتراً وسط العاصمة.",
        "وقالت اللجنة المنظمة إن عدد المشاركين ارتفع بنسبة ثلاثين في المئة مقارنة بالعام الماضي، وإن العدائين جاؤوا من ستين دولة.",
        "وفاز بلقب فئة الرجال عداء كيني قطع المسافة في ساعتين وثماني دقائق، فيما فازت عداءة إثيوبية بلقب فئة السيدات.",
        "وأغلقت السلطات عدداً من الطرق الرئيسية منذ ساعات الفجر الأولى، ودعت السكان إلى استخدام الطرق البديلة حتى انتهاء السباق.",
        "وأكد رئيس اللجنة المنظمة أن الماراثون أصبح حدثاً سنوياً ثابتاً، وأن التحضيرات للنسخة المقبلة ستبدأ خلال الأسابيع القادمة.",
    ]

    /// Another story on the same topic (a marathon in Riyadh), different text.
    static let arabicMarathonOther = [
        "أعلنت اللجنة المنظمة لماراثون الرياض الدولي فتح باب التسجيل للنسخة المقبلة، مع إضافة سباق للأطفال ومسار جديد يمر بالأحياء التاريخية.",
        "وقال المتحدث باسم اللجنة إن الرسوم ستبقى كما هي، وإن الأولوية في التسجيل ستمنح لمن أكملوا السباق في العام الماضي.",
        "وأضاف أن اللجنة تدرس نقل موعد السباق إلى شهر أبرد بعد شكاوى من ارتفاع درجات الحرارة خلال النسخة الأخيرة.",
        "ومن المتوقع أن يتجاوز عدد المشاركين هذا العام سبعة آلاف عداء من داخل المملكة وخارجها، بحسب تقديرات اللجنة.",
    ]

    /// `text` with harakat on some letters, hamza seats dropped, tatweel, Arabic-Indic digits
    /// and Persian letter forms: how another outlet may spell the same Arabic.
    static func arabicVariant(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for (index, scalar) in text.unicodeScalars.enumerated() {
            switch scalar.value {
            case 0x0623, 0x0625, 0x0622: out.append("\u{0627}")
            case 0x064A where index % 5 == 0: out.append("\u{06CC}")
            case 0x0643: out.append("\u{06A9}")
            case 0x30...0x39: out.append(Unicode.Scalar(scalar.value - 0x30 + 0x0660)!)
            default: out.append(scalar)
            }
            if (0x0628...0x064A).contains(scalar.value) && index % 4 == 0 { out.append("\u{064E}") }
            if (0x0628...0x064A).contains(scalar.value) && index % 23 == 0 { out.append("\u{0640}") }
        }
        return String(out)
    }

    // MARK: The seed

    static let seedFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // DedupeTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/corpus/seed")

    static let hasSeed = FileManager.default.fileExists(atPath: seedFolder.appendingPathComponent("expected.json").path)

    /// The seed's 12 expected paragraphs and title.
    static func seed() throws -> (title: String, paragraphs: [String]) {
        let data = try Data(contentsOf: seedFolder.appendingPathComponent("expected.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return (object["title"] as? String ?? "", object["paragraphs"] as? [String] ?? [])
    }
}
