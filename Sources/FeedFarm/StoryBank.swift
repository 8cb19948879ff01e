/// Sentences and headlines the synthetic site builds its articles from, in English and Arabic.
/// Written for newsd's tests and demo; free to use with the project.
enum StoryBank {
    static let englishHeadlines = [
        "City council approves new plan for public transport",
        "Heavy rain closes main roads in the capital",
        "International book fair opens with record attendance",
        "National team wins friendly match two to one",
        "Rising energy prices push up transport costs",
        "Trade talks to resume early next month",
        "Hospital opens new wing for children",
        "Researchers publish survey of coastal water quality",
    ]

    static let englishSentences = [
        "The council voted on Tuesday to approve the plan, which includes new bus lines and longer service hours.",
        "Officials said the first routes would open in the spring, with the rest following by the end of the year.",
        "Residents who attended the public hearing raised concerns about noise and parking near the new depots.",
        "According to the report, unemployment fell in the last quarter for the third time in a row.",
        "Forecasters expect the unsettled weather to last until the weekend, with strong winds along the coast.",
        "More than five hundred publishers from thirty countries are taking part in this year's fair.",
        "The coach praised the players for their discipline, saying the team had prepared well despite injuries.",
        "Analysts warned that higher fuel costs could feed through to food prices within a few months.",
        "Sources familiar with the negotiations said both sides had agreed on a framework for the next round.",
        "The ministry said it would publish the full figures next week, along with a breakdown by region.",
        "Local businesses welcomed the decision, although some said the timetable was too ambitious.",
        "The project is the first of its kind in the region and will be reviewed after its first year.",
    ]

    static let arabicHeadlines = [
        "الحكومة تطلق خطة لدعم المشاريع الصغيرة",
        "أمطار غزيرة تغلق طرقاً رئيسية في العاصمة",
        "افتتاح معرض الكتاب الدولي بمشاركة واسعة",
        "المنتخب الوطني يفوز في مباراة ودية",
        "ارتفاع أسعار الطاقة يضغط على تكاليف النقل",
        "استئناف المفاوضات التجارية مطلع الشهر المقبل",
        "افتتاح جناح جديد للأطفال في المستشفى المركزي",
        "دراسة جديدة حول جودة المياه الساحلية",
    ]

    static let arabicSentences = [
        "أعلنت وزارة الاقتصاد اليوم عن خطة جديدة لدعم المشاريع الصغيرة والمتوسطة في المدن الساحلية.",
        "وقال المتحدث باسم الوزارة إن الخطة تشمل قروضاً ميسّرة وبرامج تدريب للشباب.",
        "وأشار التقرير إلى أن معدلات البطالة تراجعت خلال الربع الأخير من العام.",
        "ومن المتوقع أن يناقش البرلمان مشروع القانون في جلسته المقبلة الأسبوع القادم.",
        "وشهدت العاصمة أمطاراً غزيرة أدت إلى إغلاق عدد من الطرق الرئيسية.",
        "وأكدت هيئة الأرصاد الجوية أن الطقس سيبقى غير مستقر حتى نهاية الأسبوع.",
        "وفي سياق متصل، افتُتح معرض دولي للكتاب بمشاركة أكثر من خمسمائة دار نشر.",
        "وأوضح الخبراء أن ارتفاع أسعار الطاقة سيؤثر على تكاليف النقل والغذاء.",
        "وأعرب المدرب عن رضاه عن أداء اللاعبين رغم الظروف الصعبة.",
        "ودعت منظمات المجتمع المدني إلى مزيد من الشفافية في إدارة الموارد العامة.",
        "وذكرت مصادر مطّلعة أن المفاوضات ستُستأنف مطلع الشهر المقبل.",
        "وتُعدّ هذه المبادرة الأولى من نوعها في المنطقة، وستخضع للتقييم بعد عامها الأول.",
    ]

    /// Promo lines sites put inside the body; a good extractor drops them.
    static let englishPromos = ["Read more:", "Related:", "See also:"]
    static let arabicPromos = ["اقرأ أيضاً:", "إقرأ أيضا:", "قد يهمك:", "شاهد أيضاً:"]
}
