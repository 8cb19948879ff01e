import Foundation

/// Pads a bare article page to the size of a real news page with the furniture real pages
/// carry: most of a real page is not its article but inline scripts and JSON state, style
/// sheets, preload links, an icon sprite, a mega menu, ad slots, story cards, comments and a
/// large footer.
///
/// The furniture is rendered once per language (``FurnitureKit``); a page is assembled by
/// copying pieces its seed picks, so a padded page costs little more than copying its bytes and
/// the same page always gets the same bytes. Every piece carries the class names, roles and tags
/// real sites use for furniture, so an extractor drops it and finds the same article as in the
/// bare page.
enum PageFurniture {
    /// Shares of the padding each kind of furniture takes; inline scripts at the end take the rest.
    private static let styleShare = 0.07
    private static let headScriptShare = 0.10
    private static let stateShare = 0.12
    private static let menuShare = 0.10
    private static let cardShare = 0.15
    private static let commentShare = 0.08
    private static let footerShare = 0.06

    /// A page size in `range`: log-normal, its median the geometric mean of the bounds, the
    /// bounds two standard deviations out, clamped to them.
    static func drawSize(in range: ClosedRange<Int>, seed: UInt64) -> Int {
        let low = log(Double(max(1, range.lowerBound)))
        let high = log(Double(max(1, range.upperBound)))
        var random = SeededRandom(seed: seed ^ 0x5EED_51CE)
        let u1 = (Double(random.next() >> 11) + 0.5) / 9_007_199_254_740_992
        let u2 = Double(random.next() >> 11) / 9_007_199_254_740_992
        let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        let size = exp((low + high) / 2 + z * (high - low) / 4)
        return min(range.upperBound, max(range.lowerBound, Int(size)))
    }

    /// The page: the six pieces of the bare page with furniture between them, `targetBytes` long
    /// (a page whose bare article is already longer stays bare).
    static func page(_ parts: [String], arabic: Bool, targetBytes: Int, seed: UInt64) -> [UInt8] {
        precondition(parts.count == 6)
        let pieces = parts.map { Array($0.utf8) }
        let bare = pieces.reduce(0) { $0 + $1.count }
        guard targetBytes > bare else { return pieces.flatMap { $0 } }
        let kit = arabic ? FurnitureKit.arabic : FurnitureKit.english
        let budget = Double(max(0, targetBytes - bare - kit.fixedBytes))
        var random = SeededRandom(seed: seed ^ 0xF0_0D)
        var page: [UInt8] = []
        page.reserveCapacity(targetBytes + 4096)

        page += pieces[0]
        page += kit.headLinks
        append(kit.styleRules, upTo: budget * styleShare, between: kit.styleOpen, and: kit.styleClose, to: &page, &random)
        appendScript(kit, bytes: Int(budget * headScriptShare), to: &page, &random)
        append(kit.stateEntries, upTo: budget * stateShare, between: kit.stateOpen, and: kit.stateClose, separator: 44, to: &page, &random)
        page += pieces[1]
        page += kit.sprite
        page += kit.adSlots[Int(random.next() % UInt64(kit.adSlots.count))]
        append(kit.menuItems, upTo: budget * menuShare, between: kit.menuOpen, and: kit.menuClose, to: &page, &random)
        page += pieces[2]
        page += kit.adSlots[Int(random.next() % UInt64(kit.adSlots.count))]
        append(kit.cards, upTo: budget * cardShare, between: kit.cardsOpen, and: kit.cardsClose, to: &page, &random)
        append(kit.comments, upTo: budget * commentShare, between: kit.commentsOpen, and: kit.commentsClose, to: &page, &random)
        page += pieces[3]
        append(kit.footerColumns, upTo: budget * footerShare, between: kit.footerOpen, and: kit.footerClose, to: &page, &random)
        page += pieces[4]
        let rest = targetBytes - page.count - pieces[5].count
        if rest > kit.scriptOpen.count + kit.scriptClose.count {
            appendScript(kit, bytes: rest - kit.scriptOpen.count - kit.scriptClose.count, to: &page, &random)
        }
        page += pieces[5]
        return page
    }

    /// Appends `open`, then pieces picked at random while they fit in `share` bytes, then `close`.
    private static func append(
        _ units: [[UInt8]], upTo share: Double, between open: [UInt8], and close: [UInt8], separator: UInt8? = nil,
        to page: inout [UInt8], _ random: inout SeededRandom
    ) {
        page += open
        var written = 0
        while true {
            let unit = units[Int(random.next() % UInt64(units.count))]
            guard Double(written + unit.count + 1) <= share else { break }
            if written > 0, let separator { page.append(separator) }
            page += unit
            written += unit.count + 1
        }
        page += close
    }

    /// Appends one inline `<script>` holding `bytes` of the kit's script, from a statement picked at random.
    private static func appendScript(_ kit: FurnitureKit, bytes: Int, to page: inout [UInt8], _ random: inout SeededRandom) {
        page += kit.scriptOpen
        var start = kit.scriptStatementStarts[Int(random.next() % UInt64(kit.scriptStatementStarts.count))]
        var left = max(0, bytes)
        while left > 0 {
            let take = min(left, kit.script.count - start)
            page += kit.script[start..<(start + take)]
            left -= take
            start = 0
        }
        page += kit.scriptClose
    }
}
