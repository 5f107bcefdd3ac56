-- Cabinet cache, schema 9: the district's memory of its meetings, and the
-- actions its cabinet decided on.
--
-- Like decks, these are the district's own records, not a source's data:
-- no sync writes or deletes them, and nothing in them refers to a source's
-- rows (a measure, school or product is named by its id, as text), so they
-- survive a full resync, a source replaced, and the demo district
-- replaced by a real source. A meeting is keyed by its date: exporting the
-- packet again for the same date replaces the record.

CREATE TABLE meetings (
	day       TEXT PRIMARY KEY,  -- 'YYYY-MM-DD'
	deck      TEXT NOT NULL,
	district  TEXT NOT NULL,
	recorded  TEXT NOT NULL,     -- when the record was made
	how       TEXT NOT NULL CHECK (how IN ('presented', 'packet')),
	threshold INTEGER NOT NULL CHECK (threshold BETWEEN 5 AND 30)  -- the privacy threshold in force
) STRICT, WITHOUT ROWID;

CREATE TABLE meeting_slides (
	day      TEXT NOT NULL REFERENCES meetings (day) ON DELETE CASCADE,
	position INTEGER NOT NULL CHECK (position >= 0),
	kind     TEXT NOT NULL,
	panel    TEXT NOT NULL,
	headline TEXT NOT NULL,
	takeaway TEXT NOT NULL,
	shows    TEXT NOT NULL,  -- the school, months and product shown
	as_of    TEXT NOT NULL,  -- the newest month shown; '' for none
	source   TEXT NOT NULL,  -- where the data came from, as the footer said
	PRIMARY KEY (day, position)
) STRICT, WITHOUT ROWID;

-- Every figure a slide showed. A hidden figure keeps only its mark: its
-- value is NULL and its count 0.
CREATE TABLE meeting_figures (
	day     TEXT NOT NULL,
	slide   INTEGER NOT NULL,
	seq     INTEGER NOT NULL,
	metric  TEXT NOT NULL,  -- '' for a figure not of a measure
	school  TEXT NOT NULL,  -- '' is the whole district
	across  INTEGER NOT NULL CHECK (across IN (0, 1)),
	product TEXT NOT NULL,
	month   TEXT NOT NULL,  -- 'YYYY-MM-01'; '' for none
	so_far  INTEGER NOT NULL CHECK (so_far IN (0, 1)),
	label   TEXT NOT NULL,
	value   REAL,
	n       INTEGER NOT NULL CHECK (n >= 0),
	shown   TEXT NOT NULL,  -- as the slide wrote it
	hidden  INTEGER NOT NULL CHECK (hidden IN (0, 1)),
	source  TEXT NOT NULL,
	synced  TEXT NOT NULL,
	CHECK (hidden = 0 OR (value IS NULL AND n = 0)),
	PRIMARY KEY (day, slide, seq),
	FOREIGN KEY (day, slide) REFERENCES meeting_slides (day, position) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE meeting_products (
	day         TEXT NOT NULL REFERENCES meetings (day) ON DELETE CASCADE,
	product     TEXT NOT NULL,
	name        TEXT NOT NULL,
	annual_cost REAL NOT NULL,
	licences    INTEGER NOT NULL,
	renewal     TEXT NOT NULL,  -- '' when none was on file
	in_use      REAL,           -- NULL when undefined or hidden
	in_use_hidden INTEGER NOT NULL CHECK (in_use_hidden IN (0, 1)),
	PRIMARY KEY (day, product)
) STRICT, WITHOUT ROWID;

CREATE TABLE meeting_sources (
	day       TEXT NOT NULL REFERENCES meetings (day) ON DELETE CASCADE,
	source    TEXT NOT NULL,
	kind      TEXT NOT NULL,
	last_good TEXT NOT NULL,  -- '' for never
	failing   INTEGER NOT NULL CHECK (failing IN (0, 1)),
	failed_at TEXT NOT NULL,
	problem   TEXT NOT NULL,
	PRIMARY KEY (day, source)
) STRICT, WITHOUT ROWID;

-- Actions and decisions. key names an action on every laptop it is
-- imported to; id is this cache's short number for it.
CREATE TABLE actions (
	id       INTEGER PRIMARY KEY,
	key      TEXT NOT NULL UNIQUE,
	text     TEXT NOT NULL,
	owner    TEXT NOT NULL,
	due      TEXT NOT NULL,  -- 'YYYY-MM-DD'
	status   TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
	about    TEXT NOT NULL CHECK (about IN ('', 'measure', 'chart', 'product', 'renewal')),
	about_id TEXT NOT NULL,
	school   TEXT NOT NULL,
	name     TEXT NOT NULL,
	created  TEXT NOT NULL,
	updated  TEXT NOT NULL,
	closed   TEXT NOT NULL,  -- '' while open
	-- The measure's newest closed figure when the action was recorded, as
	-- shown: then_month '' when there was none; then_value NULL when hidden.
	then_metric TEXT NOT NULL,
	then_month  TEXT NOT NULL,
	then_value  REAL,
	then_text   TEXT NOT NULL,
	then_hidden INTEGER NOT NULL CHECK (then_hidden IN (0, 1)),
	-- The product's terms then: product_name '' when the action is on none.
	product_name     TEXT NOT NULL,
	product_cost     REAL NOT NULL,
	product_licences INTEGER NOT NULL,
	product_renewal  TEXT NOT NULL,
	product_in_use   REAL,
	product_in_use_hidden INTEGER NOT NULL CHECK (product_in_use_hidden IN (0, 1))
) STRICT;

-- A slide may now say what changed since the last meeting, or list the
-- actions from it: the slides table is rebuilt with the wider check.
CREATE TABLE slides_new (
	deck        INTEGER NOT NULL REFERENCES decks (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL CHECK (position >= 0),
	kind        TEXT NOT NULL CHECK (kind IN ('chart', 'tiles', 'plan', 'since', 'actions')),
	panel       TEXT NOT NULL,
	tiles       TEXT NOT NULL,
	school      TEXT NOT NULL,
	period      TEXT NOT NULL CHECK (period IN ('fiscal_year', 'last_12_months', 'all_history')),
	fiscal_year INTEGER NOT NULL,
	product     TEXT NOT NULL,
	headline    TEXT NOT NULL,
	takeaway    TEXT NOT NULL,
	notes       TEXT NOT NULL,
	PRIMARY KEY (deck, position)
) STRICT, WITHOUT ROWID;
INSERT INTO slides_new SELECT deck, position, kind, panel, tiles, school, period, fiscal_year, product, headline, takeaway, notes FROM slides;
DROP TABLE slides;
ALTER TABLE slides_new RENAME TO slides;
