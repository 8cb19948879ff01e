/// What the synthetic site writes its articles from, in English and Arabic: sentence templates
/// with slots (`{P}` person, `{C}` city, `{O}` organisation, `{N}` number, `{D}` day, `{T}` topic)
/// filled from word lists, so two articles share little text beyond common phrases, as real
/// articles on different stories do. Written for newsd's tests and demo; free to use with the
/// project.
enum StoryBank {
    struct Language {
        var headlines: [String]
        var sentences: [String]
        var people: [String]
        var cities: [String]
        var organisations: [String]
        var days: [String]
        var topics: [String]
        var promos: [String]
    }

    static let english = Language(
        headlines: [
            "{O} approves new plan for {T} in {C}",
            "{P} warns of rising {T} costs",
            "{C} hosts talks on {T} as {O} meets",
            "{N} people affected as storm hits {C}",
            "{O} opens inquiry into {T} after {D} vote",
            "{P} named to lead {O}",
            "Record {N} visitors at {C} {T} fair",
            "{C} residents protest {T} changes",
        ],
        sentences: [
            "{P} told reporters in {C} on {D} that the {T} plan would cost about {N} million.",
            "The {O} said it had received {N} complaints about {T} since the spring.",
            "Speaking after the meeting, {P} described the talks with the {O} as frank but useful.",
            "Officials in {C} expect {N} new jobs once the {T} programme is fully running.",
            "{P}, who has led the {O} for {N} years, said the decision was overdue.",
            "A spokesperson for the {O} declined to comment on {D}, citing the ongoing {T} review.",
            "Critics in {C} argue that {N} percent of the {T} budget goes to administration.",
            "The vote on {D} passed by {N} to {N}, with {P} abstaining.",
            "According to figures from the {O}, {T} spending in {C} rose for a {N}th year.",
            "{P} is due to visit {C} next {D} to open the new {T} centre.",
            "Local businesses in {C} welcomed the {T} measures, although {P} called them timid.",
            "The {O} will publish its full report on {T} within {N} weeks.",
            "In a statement on {D}, {P} urged the {O} to reconsider the {T} rules.",
            "Nearly {N} people attended the meeting in {C}, many of them worried about {T}.",
            "Analysts at the {O} warned that {T} prices could climb by {N} percent.",
            "{P} said the government in {C} would not rush a decision on {T}.",
            "The project, first proposed by {P} in {C}, has been delayed {N} times.",
            "Both sides agreed on {D} to meet again in {C} before the {T} deadline.",
            "A survey by the {O} found that {N} percent of residents in {C} support the {T} plan.",
            "{P} thanked volunteers in {C} who had worked through {D} night on {T} repairs.",
        ],
        people: [
            "Maria Lopez", "James Okafor", "Chen Wei", "Anna Kowalski", "David Mensah", "Sofia Rossi", "Tom Becker",
            "Leila Haddad", "Peter Novak", "Grace Mwangi", "Hugo Martin", "Nadia Petrova", "Samuel Adeyemi",
            "Emma Lindqvist", "Omar Farouk", "Julia Santos", "Victor Hale", "Aisha Bello", "Lucas Moreau", "Ingrid Dahl",
        ],
        cities: [
            "Lisbon", "Accra", "Lyon", "Gdansk", "Porto", "Nairobi", "Leeds", "Valencia", "Turin", "Bergen", "Cork",
            "Graz", "Malmo", "Kumasi", "Bologna", "Antwerp", "Dundee", "Brno", "Tartu", "Kigali",
        ],
        organisations: [
            "city council", "health ministry", "transport authority", "central bank", "port authority", "teachers' union",
            "chamber of commerce", "water board", "energy regulator", "farmers' association", "housing agency",
            "audit office", "tourism board", "fire service", "university senate", "river commission",
        ],
        days: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        topics: [
            "transport", "housing", "water", "school", "energy", "harbour", "hospital", "railway", "recycling",
            "broadband", "flood defence", "library", "bridge", "tram", "market", "park",
        ],
        promos: ["Read more:", "Related:", "See also:"])

    static let arabic = Language(
        headlines: [
            "{O} يقرّ خطة جديدة لـ{T} في {C}",
            "{P} يحذّر من ارتفاع تكاليف {T}",
            "{C} تستضيف محادثات حول {T} بمشاركة {O}",
            "{N} متضررًا من العاصفة في {C}",
            "{O} يفتح تحقيقًا في ملف {T} بعد تصويت {D}",
            "تعيين {P} على رأس {O}",
            "{N} زائر في معرض {T} بمدينة {C}",
            "سكان {C} يحتجون على تعديلات {T}",
        ],
        sentences: [
            "قال {P} للصحفيين في {C} يوم {D} إن خطة {T} ستكلّف نحو {N} مليون.",
            "وأعلن {O} أنه تلقى {N} شكوى بشأن {T} منذ بداية الربيع.",
            "ووصف {P} المحادثات مع {O} بأنها صريحة ومفيدة عقب الاجتماع.",
            "ويتوقع المسؤولون في {C} توفير {N} فرصة عمل جديدة مع اكتمال برنامج {T}.",
            "وأكد {P}، الذي يقود {O} منذ {N} أعوام، أن القرار تأخر كثيرًا.",
            "وامتنع متحدث باسم {O} عن التعليق يوم {D}، مشيرًا إلى مراجعة ملف {T}.",
            "ويرى منتقدون في {C} أن {N} في المئة من ميزانية {T} تذهب إلى الإدارة.",
            "وأُقرّ المقترح يوم {D} بأغلبية {N} صوتًا مقابل {N}، فيما امتنع {P} عن التصويت.",
            "وبحسب أرقام {O}، ارتفع الإنفاق على {T} في {C} للعام {N} على التوالي.",
            "ومن المقرر أن يزور {P} مدينة {C} يوم {D} المقبل لافتتاح مركز {T} الجديد.",
            "ورحّبت الشركات المحلية في {C} بإجراءات {T}، وإن وصفها {P} بأنها محدودة.",
            "وسينشر {O} تقريره الكامل عن {T} خلال {N} أسابيع.",
            "ودعا {P} في بيان يوم {D} {O} إلى مراجعة قواعد {T}.",
            "وحضر الاجتماع في {C} نحو {N} شخص، أبدى كثير منهم قلقهم من {T}.",
            "وحذّر محللون في {O} من أن أسعار {T} قد ترتفع بنسبة {N} في المئة.",
            "وأوضح {P} أن الحكومة في {C} لن تتسرّع في اتخاذ قرار بشأن {T}.",
            "وتأجّل المشروع، الذي اقترحه {P} أول مرة في {C}، {N} مرات.",
            "واتفق الطرفان يوم {D} على الاجتماع مجددًا في {C} قبل انتهاء مهلة {T}.",
            "وأظهر استطلاع أجراه {O} أن {N} في المئة من سكان {C} يؤيدون خطة {T}.",
            "وشكر {P} المتطوعين في {C} الذين عملوا طوال ليلة {D} على إصلاحات {T}.",
        ],
        people: [
            "أحمد الزهراني", "فاطمة العلي", "خالد المطيري", "نورة القحطاني", "محمد الشمري", "سارة الحربي", "عبدالله العتيبي",
            "ريم الدوسري", "يوسف الغامدي", "هند السبيعي", "عمر الفارس", "ليلى الحسن", "سعيد البلوشي", "منى الكعبي",
            "طارق النعيمي", "أمل الراشد", "ماجد السويدي", "دانة المري", "فيصل الهاجري", "جميلة الأنصاري",
        ],
        cities: [
            "الرياض", "جدة", "الدمام", "المدينة المنورة", "أبها", "تبوك", "الطائف", "بريدة", "حائل", "نجران", "جازان", "ينبع",
            "الخبر", "القطيف", "الجبيل", "عرعر", "سكاكا", "الباحة", "الأحساء", "خميس مشيط",
        ],
        organisations: [
            "المجلس البلدي", "وزارة الصحة", "هيئة النقل", "البنك المركزي", "هيئة الموانئ", "نقابة المعلمين", "غرفة التجارة",
            "مصلحة المياه", "هيئة الطاقة", "جمعية المزارعين", "صندوق الإسكان", "ديوان المراقبة", "هيئة السياحة",
            "الدفاع المدني", "مجلس الجامعة", "لجنة الأنهار",
        ],
        days: ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"],
        topics: [
            "النقل", "الإسكان", "المياه", "المدارس", "الطاقة", "الميناء", "المستشفى", "السكك الحديدية", "إعادة التدوير",
            "الإنترنت", "الحماية من السيول", "المكتبة", "الجسر", "القطار الخفيف", "السوق", "الحدائق",
        ],
        promos: ["اقرأ أيضاً:", "إقرأ أيضا:", "قد يهمك:", "شاهد أيضاً:"])

    /// A template with its slots filled from `random`.
    static func fill(_ template: String, in language: Language, random: inout SeededRandom) -> String {
        var result = ""
        var rest = Substring(template)
        // Searched as UTF-8: templates are mostly Arabic or English text, and Character search
        // was the farm server's largest cost after escaping.
        while let open = rest.utf8.firstIndex(of: UInt8(ascii: "{")), let close = rest.utf8[open...].firstIndex(of: UInt8(ascii: "}")) {
            result += rest[..<open]
            let slot = rest[rest.utf8.index(after: open)..<close]
            func pick(_ words: [String]) -> String { words[Int(random.next() % UInt64(words.count))] }
            switch slot {
            case "P": result += pick(language.people)
            case "C": result += pick(language.cities)
            case "O": result += pick(language.organisations)
            case "D": result += pick(language.days)
            case "T": result += pick(language.topics)
            case "N": result += String(2 + random.next() % 998)
            default: result += slot
            }
            rest = rest[rest.utf8.index(after: close)...]
        }
        return result + rest
    }
}
