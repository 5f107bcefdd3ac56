-- Cabinet cache, schema 1: the district's summaries, per source.
--
-- Every data table carries the source that wrote it, so a sync can replace
-- one source's data without touching another's. When two sources supply the
-- same dataset, the one with the lower priority number is shown.
-- Dates are TEXT 'YYYY-MM-DD' and times RFC 3339 in UTC, which SQLite's date
-- functions read.

CREATE TABLE sources (
	name      TEXT PRIMARY KEY,
	kind      TEXT NOT NULL,
	priority  INTEGER NOT NULL,
	synced_at TEXT NOT NULL,         -- last successful sync
	cursor    TEXT NOT NULL DEFAULT '', -- the source's incremental-sync position
	state     TEXT NOT NULL DEFAULT ''  -- opaque to the cache: the source's own bookkeeping (ETags)
) STRICT;

CREATE TABLE profile (
	source       TEXT PRIMARY KEY,
	name         TEXT NOT NULL,
	demo         INTEGER NOT NULL,
	fiscal_start INTEGER NOT NULL CHECK (fiscal_start BETWEEN 1 AND 12)
) STRICT;

CREATE TABLE schools (
	source    TEXT NOT NULL,
	id        TEXT NOT NULL,
	name      TEXT NOT NULL,
	level     TEXT NOT NULL,
	enrolment INTEGER NOT NULL CHECK (enrolment >= 0),
	PRIMARY KEY (source, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE metrics (
	source        TEXT NOT NULL,
	id            TEXT NOT NULL,
	name          TEXT NOT NULL,
	domain        TEXT NOT NULL,
	unit          TEXT NOT NULL,
	noun          TEXT NOT NULL,
	polarity      TEXT NOT NULL,
	target        REAL,               -- NULL: no target
	benchmark     TEXT NOT NULL,
	description   TEXT NOT NULL,
	student_based INTEGER NOT NULL,
	aggregation   TEXT NOT NULL,
	PRIMARY KEY (source, id)
) STRICT, WITHOUT ROWID;

-- School '' is the whole district. District rows are written by the source
-- (a roll-up kept at write time), so district-wide queries never scan schools.
CREATE TABLE observations (
	source TEXT NOT NULL,
	metric TEXT NOT NULL,
	school TEXT NOT NULL,
	period TEXT NOT NULL,
	value  REAL NOT NULL,
	n      INTEGER NOT NULL CHECK (n >= 0),
	PRIMARY KEY (source, metric, school, period)
) STRICT, WITHOUT ROWID;

-- Rankings read every school at one month.
CREATE INDEX observations_by_period ON observations (source, metric, period);

CREATE TABLE budget_lines (
	source         TEXT NOT NULL,
	fiscal_year    INTEGER NOT NULL,
	category       TEXT NOT NULL,
	funding_source TEXT NOT NULL,
	budgeted       REAL NOT NULL,
	actual         REAL NOT NULL,
	funding_ends   INTEGER NOT NULL, -- last fiscal year of the funding; 0: ongoing
	PRIMARY KEY (source, fiscal_year, category, funding_source)
) STRICT, WITHOUT ROWID;

CREATE TABLE products (
	source         TEXT NOT NULL,
	id             TEXT NOT NULL,
	name           TEXT NOT NULL,
	category       TEXT NOT NULL,
	subject        TEXT NOT NULL,
	annual_cost    REAL NOT NULL CHECK (annual_cost >= 0),
	licences       INTEGER NOT NULL CHECK (licences >= 0),
	contract_start TEXT NOT NULL,    -- '' when unknown
	renewal_date   TEXT NOT NULL,    -- '' when unknown
	PRIMARY KEY (source, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE product_usage (
	source        TEXT NOT NULL,
	product       TEXT NOT NULL,
	school        TEXT NOT NULL,
	period        TEXT NOT NULL,
	active_users  INTEGER NOT NULL CHECK (active_users >= 0),
	weekly_active REAL NOT NULL CHECK (weekly_active >= 0),
	PRIMARY KEY (source, product, school, period)
) STRICT, WITHOUT ROWID;

-- All products at one school over some months; covering, so the Value
-- tab reads it without visiting the table.
CREATE INDEX product_usage_by_school ON product_usage (source, school, period, product, active_users, weekly_active);

-- What each source holds of each dataset ('schools', 'budget', 'products',
-- 'usage', 'profile', or 'metric:<id>') and the months it spans: how the
-- reads pick a source and say how fresh a number is.
CREATE TABLE coverage (
	dataset      TEXT NOT NULL,
	source       TEXT NOT NULL,
	first_period TEXT NOT NULL,
	last_period  TEXT NOT NULL,
	PRIMARY KEY (dataset, source)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_log (
	id       INTEGER PRIMARY KEY,
	source   TEXT NOT NULL,
	started  TEXT NOT NULL,
	finished TEXT NOT NULL,
	outcome  TEXT NOT NULL,          -- 'ok', 'unchanged', 'failed', 'cancelled'
	records  INTEGER NOT NULL,
	bytes    INTEGER NOT NULL,
	message  TEXT NOT NULL           -- the error in plain words, never a secret
) STRICT;

CREATE INDEX sync_log_by_source ON sync_log (source, id);
