-- Cabinet cache, schema 6: every school's figures of each month added up,
-- source by source. Suppression compares them with the district's own
-- figure: the difference is the students the district counts in no school
-- (placed out of district, or at a school whose row is missing that
-- month), or, when the schools count more, students counted twice (a
-- campus and its grades reported as two schools). A view of one school
-- reads only a few schools' figures of a month, so it reads the sum here
-- instead of every school's. Each write of a source recomputes the months
-- it touched.
CREATE TABLE observation_sums (
	source TEXT NOT NULL,
	metric TEXT NOT NULL,
	period TEXT NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (source, metric, period)
) STRICT, WITHOUT ROWID;

CREATE TABLE usage_sums (
	source        TEXT NOT NULL,
	product       TEXT NOT NULL,
	period        TEXT NOT NULL,
	active_users  INTEGER NOT NULL,
	weekly_active REAL NOT NULL,
	PRIMARY KEY (source, period, product)
) STRICT, WITHOUT ROWID;

INSERT INTO observation_sums (source, metric, period, n)
	SELECT source, metric, period, sum(n) FROM observations INDEXED BY observations_by_size
	WHERE school <> '' GROUP BY source, metric, period;
INSERT INTO usage_sums (source, product, period, active_users, weekly_active)
	SELECT source, product, period, sum(active_users), sum(weekly_active) FROM product_usage INDEXED BY product_usage_by_size
	WHERE school <> '' GROUP BY source, period, product;
