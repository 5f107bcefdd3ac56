-- Cabinet cache, schema 8: the replacement plan's settings, and a slide
-- that shows the plan.
--
-- The settings are the district's assumptions, kept with its data so that
-- the window, the slides and every export work the plan out alike. A NULL
-- or a missing row is a figure the district has not set: the plan takes
-- Cabinet's default and says so.
ALTER TABLE settings ADD COLUMN devices_per_technician INTEGER
	CHECK (devices_per_technician IS NULL OR devices_per_technician BETWEEN 50 AND 5000);
ALTER TABLE settings ADD COLUMN technicians INTEGER NOT NULL DEFAULT 0
	CHECK (technicians BETWEEN 0 AND 10000);  -- 0: not set

-- A kind of device's unit price, in dollars, and refresh cycle, in years.
CREATE TABLE plan_kinds (
	kind  TEXT PRIMARY KEY CHECK (kind IN ('chromebook', 'laptop', 'tablet', 'desktop', 'network', 'other')),
	price REAL CHECK (price IS NULL OR price BETWEEN 1 AND 100000),
	life  INTEGER CHECK (life IS NULL OR life BETWEEN 1 AND 10)
) STRICT, WITHOUT ROWID;

-- A slide may now show the plan: the slides table is rebuilt with the
-- wider check.
CREATE TABLE slides_new (
	deck        INTEGER NOT NULL REFERENCES decks (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL CHECK (position >= 0),
	kind        TEXT NOT NULL CHECK (kind IN ('chart', 'tiles', 'plan')),
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
