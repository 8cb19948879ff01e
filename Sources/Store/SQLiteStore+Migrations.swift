import GRDB

extension SQLiteStore {
    /// Every schema change, in order. Append new migrations; never edit a released one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: feeds, items, jobs, articles, log outbox, tombstones") { db in
            try db.execute(sql: """
                CREATE TABLE feeds (
                    id INTEGER PRIMARY KEY,
                    url TEXT NOT NULL UNIQUE,
                    title TEXT,
                    site_url TEXT,
                    tags TEXT NOT NULL DEFAULT '[]',
                    interval_seconds REAL,
                    origin TEXT NOT NULL,
                    -- For a configuration feed, its URL as the file says it, kept when the feed
                    -- moves after permanent redirects so the file still names it.
                    declared_url TEXT,
                    paused INTEGER NOT NULL DEFAULT 0,
                    paused_reason TEXT,
                    etag TEXT,
                    last_modified TEXT,
                    -- A hash of the last body, so an unchanged body counts as not modified.
                    body_hash TEXT,
                    -- The interval learnt from how often the feed publishes, for feeds without their own.
                    adaptive_interval REAL,
                    -- A permanent redirect seen on consecutive polls; after a few the feed moves.
                    redirect_url TEXT,
                    redirect_polls INTEGER NOT NULL DEFAULT 0,
                    next_poll_at REAL NOT NULL,
                    last_polled_at REAL,
                    last_success_at REAL,
                    last_error TEXT,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL
                );
                CREATE INDEX feeds_due ON feeds(paused, next_poll_at);

                -- What happened to a feed over time: moves, pauses, resumes.
                CREATE TABLE feed_history (
                    id INTEGER PRIMARY KEY,
                    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
                    at REAL NOT NULL,
                    event TEXT NOT NULL,
                    detail TEXT NOT NULL
                );
                CREATE INDEX feed_history_feed ON feed_history(feed_id, at);

                -- Every item ever seen in a feed: its identity is what makes a later poll skip it.
                CREATE TABLE items (
                    id INTEGER PRIMARY KEY,
                    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
                    identity TEXT NOT NULL,
                    url TEXT NOT NULL,
                    title TEXT,
                    published REAL,
                    first_seen_at REAL NOT NULL,
                    status TEXT,
                    -- Why a duplicate or update was recognised: canonical_url, exact_text, near_duplicate.
                    reason TEXT,
                    similarity REAL,
                    article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
                    -- No foreign key: the article repeated may since have been pruned to a tombstone.
                    duplicate_of INTEGER,
                    UNIQUE (feed_id, identity)
                );
                CREATE INDEX items_seen ON items(first_seen_at);

                -- The durable queue between "item seen" and "article stored".
                CREATE TABLE jobs (
                    id INTEGER PRIMARY KEY,
                    item_id INTEGER NOT NULL UNIQUE REFERENCES items(id) ON DELETE CASCADE,
                    state TEXT NOT NULL DEFAULT 'queued',
                    attempts INTEGER NOT NULL DEFAULT 0,
                    not_before REAL NOT NULL,
                    lease_owner TEXT,
                    lease_expires_at REAL,
                    last_error TEXT,
                    created_at REAL NOT NULL,
                    finished_at REAL
                );
                CREATE INDEX jobs_runnable ON jobs(state, not_before);

                CREATE TABLE articles (
                    id INTEGER PRIMARY KEY,
                    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
                    url TEXT NOT NULL,
                    canonical_url TEXT NOT NULL UNIQUE,
                    title TEXT,
                    paragraphs TEXT NOT NULL,
                    text TEXT NOT NULL,
                    byline TEXT,
                    published REAL,
                    language TEXT,
                    image_url TEXT,
                    site_name TEXT,
                    word_count INTEGER NOT NULL,
                    fetched_at REAL NOT NULL,
                    -- The story (cluster of copies) it belongs to: the id of its earliest article.
                    story_id INTEGER,
                    -- For deduplication: the hash of the normalised text, and the fingerprint
                    -- (shingles, MinHash, LSH bands) the near-duplicate index is built from.
                    exact_hash INTEGER,
                    fingerprint BLOB,
                    updated_at REAL
                );
                CREATE INDEX articles_feed ON articles(feed_id);
                CREATE INDEX articles_exact ON articles(exact_hash);

                -- Full-text search over the matching form of title and text (Arabic-aware
                -- normalisation done by the daemon), one row per article, rowid = article id.
                CREATE VIRTUAL TABLE article_search USING fts5(title, body, tokenize = 'unicode61');
                CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
                    DELETE FROM article_search WHERE rowid = old.id;
                END;

                -- Log lines committed with their job and not yet appended to the article log file:
                -- replayed after a crash, so every processed item is logged exactly once.
                CREATE TABLE log_outbox (
                    id INTEGER PRIMARY KEY,
                    line TEXT NOT NULL
                );

                -- What remains of an article pruned by retention, so it is not stored again as new.
                CREATE TABLE tombstones (
                    article_id INTEGER PRIMARY KEY,
                    canonical_url TEXT NOT NULL UNIQUE,
                    story_id INTEGER,
                    exact_hash INTEGER,
                    fingerprint BLOB,
                    pruned_at REAL NOT NULL
                );
                CREATE INDEX tombstones_exact ON tombstones(exact_hash);
                CREATE INDEX articles_fetched ON articles(fetched_at);
                CREATE INDEX jobs_state_id ON jobs(state, id);
                """)
        }
        migrator.registerMigration("v2: feed poll leases") { db in
            try db.execute(sql: """
                -- Who is polling the feed, until when: daemons sharing a database poll each feed once.
                ALTER TABLE feeds ADD COLUMN poll_lease_owner TEXT;
                ALTER TABLE feeds ADD COLUMN poll_lease_expires_at REAL;
                """)
        }
        migrator.registerMigration("v3: feeds.ttl") { db in
            // The feed's own RSS <ttl> in seconds: polls are never more frequent.
            try db.execute(sql: "ALTER TABLE feeds ADD COLUMN ttl REAL")
        }
        migrator.registerMigration("v4: instances, log outbox owners") { db in
            try db.execute(sql: """
                -- Whose article log a line belongs to: the lease owner of the job it reports
                -- ('' for lines written before owners were kept).
                ALTER TABLE log_outbox ADD COLUMN owner TEXT NOT NULL DEFAULT '';
                CREATE INDEX log_outbox_owner ON log_outbox(owner, id);
                -- The daemons working on the database, each renewing its instance lease while it
                -- runs: a daemon whose lease ran out is dead, and its outbox lines go to another.
                CREATE TABLE instances (
                    owner TEXT PRIMARY KEY,
                    log_path TEXT,
                    started_at REAL NOT NULL,
                    renewed_at REAL NOT NULL,
                    expires_at REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("v5: items by article") { db in
            // The items that became or repeat an article: a story's copies, and the items a pruned
            // article's foreign keys must reach, without scanning every item (PostgreSQL has
            // them from v1).
            try db.execute(sql: """
                CREATE INDEX items_article ON items(article_id);
                CREATE INDEX items_duplicate_of ON items(duplicate_of);
                """)
        }
        migrator.registerMigration("v6: article fingerprints apart") { db in
            // What the deduplicator reads of a stored article, in rows of their own: read from
            // `articles`, a candidate's fingerprint (the last column) meant walking the overflow
            // pages of its text first. `articles.fingerprint` and `articles.exact_hash` are no
            // longer read or written (`story_id` stays: the article record carries it); rows
            // stored before keep their old copies until pruned, since clearing them would rewrite
            // every article at start (0.65 s for 16,000 articles here, some 40 s a million).
            try db.execute(sql: """
                CREATE TABLE article_fingerprints (
                    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                    story_id INTEGER NOT NULL,
                    exact_hash INTEGER,
                    fingerprint BLOB
                );
                INSERT INTO article_fingerprints (article_id, story_id, exact_hash, fingerprint)
                    SELECT id, COALESCE(story_id, id), exact_hash, fingerprint FROM articles;
                CREATE INDEX article_fingerprints_exact ON article_fingerprints(exact_hash);
                CREATE INDEX article_fingerprints_story ON article_fingerprints(story_id);
                DROP INDEX articles_exact;
                """)
        }
        return migrator
    }
}
