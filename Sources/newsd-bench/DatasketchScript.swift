/// The datasketch side of `dedupe-bench`, run as `python3 -c` so nothing outside Sources is
/// needed: the same work as newsd's path in idiomatic, reasonably tuned Python (precomputed
/// permutations, `update_batch`, an insertion session, `str.translate` and regular
/// expressions for normalisation). Arguments: folder, shingle size, bands, rows, runs, the
/// rule's jaccard and containment thresholds. Prints `rate <articles per second>` last.
enum DatasketchScript {
    static let source = #"""
        import json, re, sys, time, unicodedata
        from datasketch import MinHash, MinHashLSH
        folder, k, bands, rows, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
        min_jaccard, min_containment = float(sys.argv[6]), float(sys.argv[7])
        num_perm = bands * rows

        fold = {0x0640: None, 0x0027: None, 0x2019: None, 0x2018: None, 0x200C: None, 0x200D: None, 0x200E: None,
                0x200F: None, 0x00AD: None, 0xFEFF: None, 0x0671: 'ا', 0x0649: 'ي', 0x0629: 'ه', 0x06A9: 'ك',
                0x06CC: 'ي', 0x06D2: 'ي', 0x06C0: 'ه', 0x06C1: 'ه', 0x06BE: 'ه', 0x06D5: 'ه', 0x00DF: 'ss', 0x03C2: 'σ'}
        for base in (0x0660, 0x06F0):
            for d in range(10):
                fold[base + d] = str(d)
        marks = re.compile('[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]')
        word = re.compile(r'[^\W_]+')
        promo = tuple(m + ' ' for m in ('اقرا ايضا', 'اقرا المزيد', 'قد يهمك', 'شاهد ايضا', 'طالع ايضا', 'read more',
                                        'related', 'see also', 'also read', 'watch'))

        def words(text):
            text = marks.sub('', unicodedata.normalize('NFKD', text).lower().translate(fold))
            return word.findall(unicodedata.normalize('NFC', text))

        def shingles(paragraphs):
            result, seen = set(), set()
            for paragraph in paragraphs:
                w = words(paragraph)
                line = ' '.join(w)
                if len(w) < 4 or line in seen or (len(w) <= 20 and (line + ' ').startswith(promo)):
                    continue
                seen.add(line)
                for i in range(max(1, len(w) - k + 1)):
                    result.add(' '.join(w[i:i + k]).encode('utf-8'))
            return result

        def load(name):
            with open(folder + '/' + name, encoding='utf-8') as f:
                return [json.loads(line) for line in f]

        indexed, queries = load('indexed.jsonl'), load('queries.jsonl')
        permutations = MinHash(num_perm=num_perm, seed=1).permutations  # generated once, shared as datasketch advises
        lsh = MinHashLSH(num_perm=num_perm, params=(bands, rows))
        stored = []
        start = time.thread_time()
        with lsh.insertion_session() as session:
            for key, paragraphs in enumerate(indexed):
                s = shingles(paragraphs)
                stored.append(s)
                if s:
                    m = MinHash(num_perm=num_perm, permutations=permutations, scheme='affine32')
                    m.update_batch(list(s))
                    session.insert(key, m)
        print('indexing %d articles: %.1f s' % (len(indexed), time.thread_time() - start))

        rates = []
        for _ in range(runs):
            duplicates = candidates = 0
            start = time.thread_time()
            for paragraphs in queries:
                s = shingles(paragraphs)
                if not s:
                    continue
                m = MinHash(num_perm=num_perm, permutations=permutations, scheme='affine32')
                m.update_batch(list(s))
                found = lsh.query(m)
                candidates += len(found)
                for key in found:
                    other = stored[key]
                    shared = len(s & other)
                    if shared / len(s | other) >= min_jaccard or (len(s) >= 10 and shared / len(s) >= min_containment):
                        duplicates += 1
                        break
            rates.append(len(queries) / (time.thread_time() - start))
        rates.sort()
        print('%d of %d queries duplicates, %.2f candidates per query; runs: %s articles/s' % (
            duplicates, len(queries), candidates / len(queries), ', '.join(str(int(r)) for r in rates)))
        print('rate %.1f' % rates[len(rates) // 2])
        """#
}
