import Markup

/// Finds the element that holds the article body, in the manner of Readability: paragraphs
/// score their ancestors by length and commas, link-heavy and furniture-named elements lose.
struct ContentScorer {
    /// The best container and the siblings that belong with it, in document order.
    static func contentRoots(in root: ContentNode) -> [ContentNode] {
        var candidates: [ContentNode] = []
        scoreUnits(in: root, candidates: &candidates)
        for candidate in candidates { candidate.score *= 1 - candidate.linkDensity }
        guard var top = candidates.max(by: { $0.score < $1.score }), top.score > 0 else { return [root] }

        // Several strong candidates under one ancestor: the body is split; take the ancestor.
        let alternatives = candidates.filter { $0 !== top && $0.score >= top.score * 0.75 }
            .sorted { $0.score > $1.score }.prefix(4)
        if alternatives.count >= 2 {
            var ancestor = top.parent
            while let current = ancestor, current !== root {
                if alternatives.filter({ current.contains($0) }).count >= 2 {
                    top = current
                    break
                }
                ancestor = current.parent
            }
        }

        // Climb while the parent scores better (the body's paragraphs sit in several children).
        var lastScore = top.score
        let threshold = lastScore / 3
        var parent = top.parent
        while let current = parent, current !== root {
            if !current.isCandidate {
                parent = current.parent
                continue
            }
            if current.score < threshold { break }
            if current.score > lastScore {
                top = current
                break
            }
            lastScore = current.score
            parent = current.parent
        }
        top = widened(top, root: root)
        // A lone child stands for its parent.
        while let current = top.parent, current !== root, current.elementChildren.count == 1 {
            top = current
        }
        return withSiblings(top)
    }

    /// An article cut into sections, each in its own wrapper (page builders, `<section>` per
    /// heading), leaves the best candidate holding one section. The highest ancestor that
    /// holds much more prose, where what it adds is prose and not links, is the article.
    static func widened(_ top: ContentNode, root: ContentNode) -> ContentNode {
        var best = top
        var ancestor = top.parent
        while let current = ancestor, current !== root {
            let addedProse = current.prose - top.prose
            let addedText = current.textLength - top.textLength
            let addedLinks = current.linkLength - top.linkLength
            if Double(current.prose) >= Double(top.prose) * 1.5, addedText > 0,
                Double(addedLinks) < Double(addedText) * 0.15, Double(addedProse) >= Double(addedText) * 0.55
            {
                best = current
            }
            ancestor = current.parent
        }
        return best
    }

    /// The top candidate plus siblings that look like more of the same article.
    static func withSiblings(_ top: ContentNode) -> [ContentNode] {
        guard let parent = top.parent else { return [top] }
        let threshold = max(10, top.score * 0.2)
        var roots: [ContentNode] = []
        for sibling in parent.elementChildren {
            if sibling === top {
                roots.append(sibling)
                continue
            }
            var bonus = 0.0
            if sibling.hints.isContent, top.hints.isContent { bonus = top.score * 0.2 }
            if sibling.isCandidate, sibling.score + bonus >= threshold {
                roots.append(sibling)
            } else if sibling.tag == "p" {
                let length = sibling.textLength
                let density = sibling.linkDensity
                let text = sibling.text
                if length > 80 && density < 0.25 {
                    roots.append(sibling)
                } else if length < 80, length > 0, density == 0, text.hasSuffix(".") || text.hasSuffix("؟") {
                    roots.append(sibling)
                }
            }
        }
        return roots
    }

    // MARK: Scoring

    private static func scoreUnits(in node: ContentNode, candidates: inout [ContentNode]) {
        var segment = CollapsedMeasure()
        func flushSegment() {
            addScore(for: segment, from: node, candidates: &candidates)
            segment = CollapsedMeasure()
        }
        for child in node.children {
            switch child {
            case .text(let text):
                segment.add(text)
            case .element(let element):
                if element.info.isBreak {
                    flushSegment()
                } else if element.info.isParagraph || element.info.isPreformatted {
                    flushSegment()
                    var paragraph = CollapsedMeasure()
                    element.measureText(into: &paragraph)
                    addScore(for: paragraph, from: node, candidates: &candidates)
                } else if element.isBlock || element.containsBlock {
                    flushSegment()
                    scoreUnits(in: element, candidates: &candidates)
                } else {
                    segment.addSpace()
                    element.measureText(into: &segment)
                    segment.addSpace()
                }
            }
        }
        flushSegment()
    }

    /// Adds one paragraph's score to its container (full), the container's parent (half) and
    /// three more ancestors (less and less). `text` measures the paragraph's collapsed text.
    private static func addScore(for text: CollapsedMeasure, from container: ContentNode, candidates: inout [ContentNode]) {
        let length = text.length
        guard length >= 25 else { return }
        var score = 1.0
        score += Double(text.commas)
        score += min(Double(length / 100), 3)
        var holder: ContentNode? = container
        while let current = holder {
            current.prose += length
            holder = current.parent
        }
        var ancestor: ContentNode? = container
        var level = 0
        while let current = ancestor, level < 5 {
            if current.info.isDocumentLevel { break }
            if !current.isCandidate {
                initialize(current)
                candidates.append(current)
            }
            let divider = level == 0 ? 1.0 : (level == 1 ? 2.0 : Double(level * 3))
            current.score += score / divider
            ancestor = current.parent
            level += 1
        }
    }

    private static func initialize(_ node: ContentNode) {
        node.isCandidate = true
        var score = node.hints.weight
        switch node.tag {
        case "div", "article", "main", "section": score += 5
        case "pre", "td", "blockquote": score += 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": score -= 3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": score -= 5
        default: break
        }
        if node.tag == "article" { score += 10 }
        if node.itemprop.containsBytes("articlebody") { score += 40 }
        node.score = score
    }
}

