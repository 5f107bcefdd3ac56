-- Cabinet cache, schema 2: the meeting's decks and the notes pinned to charts.
--
-- These are a person's own work, not a source's data: no source writes them
-- and no sync deletes them. A slide names a chart and its filters, never a
-- picture of it, so it always shows the current data.

-- Names are matched ignoring case, as people type them.
CREATE TABLE decks (
	id      INTEGER PRIMARY KEY,
	name    TEXT NOT NULL UNIQUE COLLATE NOCASE,
	updated TEXT NOT NULL
) STRICT;

CREATE TABLE slides (
	deck        INTEGER NOT NULL REFERENCES decks (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL CHECK (position >= 0),
	kind        TEXT NOT NULL CHECK (kind IN ('chart', 'tiles')),
	panel       TEXT NOT NULL,  -- the chart's id; '' on a tiles slide
	tiles       TEXT NOT NULL,  -- the domain of the tiles shown; '' for every tile
	school      TEXT NOT NULL,  -- '' is the whole district
	period      TEXT NOT NULL CHECK (period IN ('fiscal_year', 'last_12_months', 'all_history')),
	fiscal_year INTEGER NOT NULL,
	product     TEXT NOT NULL,  -- the product a product chart shows; '' lets it pick
	headline    TEXT NOT NULL,  -- '' shows the chart's title
	takeaway    TEXT NOT NULL,  -- '' is written from the data when shown
	notes       TEXT NOT NULL,
	PRIMARY KEY (deck, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE annotations (
	id    INTEGER PRIMARY KEY,
	panel TEXT NOT NULL,
	day   TEXT NOT NULL,  -- 'YYYY-MM-DD'
	text  TEXT NOT NULL
) STRICT;

CREATE INDEX annotations_by_panel ON annotations (panel, day);
