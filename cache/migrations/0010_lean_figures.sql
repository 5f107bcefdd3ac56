-- Cabinet cache, schema 10: the figures keyed by numbers, with one index
-- fewer each.
--
-- Every row of figures repeated its source, measure or product, school and
-- month as text, in the table and again in each index: at the largest
-- districts (1,800 schools, ten years of history) the cache came to 1.3 GB,
-- 146 bytes a row. Now sources, measures, schools and products are each
-- numbered once, in a dictionary, and a month is one integer (year * 12 +
-- month - 1, so that months sort and count as numbers), and a row of
-- figures takes about 25 bytes.
--
-- A dictionary's names are never deleted or renumbered: an id means the
-- same name for as long as the file lives, so a copy of a dictionary read
-- at any moment reads every row written before or after it. School 0 is
-- the whole district.
--
-- The reads of every school's figures of a month use the size index, whose
-- first columns are the same, and the reads of every product at one school
-- look each product up in the table's own order: observations_by_period
-- and product_usage_by_school are gone.
--
-- The tables of figures and their monthly sums are copied and the old ones
-- dropped; every other table (profiles, schools, decks, annotations,
-- settings, school maps, the sync log, and any a later schema adds) stays
-- as it is. The old tables' names are all given in the same order as their
-- new numbers, so each copy writes its rows in key order.
CREATE TABLE source_keys (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;
CREATE TABLE metric_keys (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;
CREATE TABLE school_keys (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;
CREATE TABLE product_keys (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;

INSERT INTO source_keys (name) SELECT name FROM sources
	UNION SELECT source FROM observations UNION SELECT source FROM product_usage ORDER BY 1;
INSERT INTO metric_keys (name) SELECT DISTINCT metric FROM observations ORDER BY 1;
INSERT INTO school_keys (id, name) VALUES (0, '');
INSERT INTO school_keys (name) SELECT school FROM observations WHERE school <> ''
	UNION SELECT school FROM product_usage WHERE school <> '' ORDER BY 1;
INSERT INTO product_keys (name) SELECT DISTINCT product FROM product_usage ORDER BY 1;

CREATE TABLE new_observations (
	source INTEGER NOT NULL, -- source_keys
	metric INTEGER NOT NULL, -- metric_keys
	school INTEGER NOT NULL, -- school_keys; 0 is the whole district
	period INTEGER NOT NULL, -- year * 12 + month - 1
	value  REAL NOT NULL,
	n      INTEGER NOT NULL CHECK (n >= 0),
	PRIMARY KEY (source, metric, school, period)
) STRICT, WITHOUT ROWID;
INSERT INTO new_observations (source, metric, school, period, value, n)
	SELECT s.id, m.id, k.id,
		CAST(substr(o.period, 1, length(o.period) - 6) AS INTEGER) * 12 + CAST(substr(o.period, -5, 2) AS INTEGER) - 1,
		o.value, o.n
	FROM observations AS o CROSS JOIN source_keys AS s ON s.name = o.source
		CROSS JOIN metric_keys AS m ON m.name = o.metric CROSS JOIN school_keys AS k ON k.name = o.school;
DROP TABLE observations;
ALTER TABLE new_observations RENAME TO observations;
-- A measure's month in order of n: the period reads, the sums and the
-- smallest parts of a group (see schema 5).
CREATE INDEX observations_by_size ON observations (source, metric, period, n, school, value);

CREATE TABLE new_product_usage (
	source        INTEGER NOT NULL,
	product       INTEGER NOT NULL, -- product_keys
	school        INTEGER NOT NULL,
	period        INTEGER NOT NULL,
	active_users  INTEGER NOT NULL CHECK (active_users >= 0),
	weekly_active REAL NOT NULL CHECK (weekly_active >= 0),
	PRIMARY KEY (source, product, school, period)
) STRICT, WITHOUT ROWID;
INSERT INTO new_product_usage (source, product, school, period, active_users, weekly_active)
	SELECT s.id, p.id, k.id,
		CAST(substr(u.period, 1, length(u.period) - 6) AS INTEGER) * 12 + CAST(substr(u.period, -5, 2) AS INTEGER) - 1,
		u.active_users, u.weekly_active
	FROM product_usage AS u CROSS JOIN source_keys AS s ON s.name = u.source
		CROSS JOIN product_keys AS p ON p.name = u.product CROSS JOIN school_keys AS k ON k.name = u.school;
DROP TABLE product_usage;
ALTER TABLE new_product_usage RENAME TO product_usage;
CREATE INDEX product_usage_by_size ON product_usage (source, period, product, active_users, weekly_active, school);
CREATE INDEX product_usage_small ON product_usage (source, period, product, school, active_users, weekly_active)
	WHERE school <> 0 AND ((active_users > 0 AND active_users < 30) OR (weekly_active > 0 AND weekly_active < 30));

CREATE TABLE new_observation_sums (
	source INTEGER NOT NULL,
	metric INTEGER NOT NULL,
	period INTEGER NOT NULL,
	n      INTEGER NOT NULL,
	rest   INTEGER,
	PRIMARY KEY (source, metric, period)
) STRICT, WITHOUT ROWID;
INSERT INTO new_observation_sums (source, metric, period, n, rest)
	SELECT s.id, m.id,
		CAST(substr(o.period, 1, length(o.period) - 6) AS INTEGER) * 12 + CAST(substr(o.period, -5, 2) AS INTEGER) - 1,
		o.n, o.rest
	FROM observation_sums AS o CROSS JOIN source_keys AS s ON s.name = o.source CROSS JOIN metric_keys AS m ON m.name = o.metric;
DROP TABLE observation_sums;
ALTER TABLE new_observation_sums RENAME TO observation_sums;

CREATE TABLE new_usage_sums (
	source        INTEGER NOT NULL,
	product       INTEGER NOT NULL,
	period        INTEGER NOT NULL,
	active_users  INTEGER NOT NULL,
	weekly_active REAL NOT NULL,
	rest_users    INTEGER,
	rest_weekly   REAL,
	PRIMARY KEY (source, period, product)
) STRICT, WITHOUT ROWID;
INSERT INTO new_usage_sums (source, product, period, active_users, weekly_active, rest_users, rest_weekly)
	SELECT s.id, p.id,
		CAST(substr(u.period, 1, length(u.period) - 6) AS INTEGER) * 12 + CAST(substr(u.period, -5, 2) AS INTEGER) - 1,
		u.active_users, u.weekly_active, u.rest_users, u.rest_weekly
	FROM usage_sums AS u CROSS JOIN source_keys AS s ON s.name = u.source CROSS JOIN product_keys AS p ON p.name = u.product;
DROP TABLE usage_sums;
ALTER TABLE new_usage_sums RENAME TO usage_sums;
