-- Cabinet cache, schema 6: every school's figures of each month added up,
-- source by source, and the district's own figure less them (rest; NULL
-- where the district has no figure that month). The rest is the students
-- the district counts in no school (placed out of district, or at a school
-- whose row is missing that month), or, when negative, students counted
-- twice (a campus and its grades reported as two schools). Suppression
-- needs both; a view of one school reads only a few schools' figures of a
-- month, so it reads them here instead of every school's. Each write of a
-- source recomputes the months it touched.
CREATE TABLE observation_sums (
	source TEXT NOT NULL,
	metric TEXT NOT NULL,
	period TEXT NOT NULL,
	n      INTEGER NOT NULL,
	rest   INTEGER,
	PRIMARY KEY (source, metric, period)
) STRICT, WITHOUT ROWID;

CREATE TABLE usage_sums (
	source        TEXT NOT NULL,
	product       TEXT NOT NULL,
	period        TEXT NOT NULL,
	active_users  INTEGER NOT NULL,
	weekly_active REAL NOT NULL,
	rest_users    INTEGER,
	rest_weekly   REAL,
	PRIMARY KEY (source, period, product)
) STRICT, WITHOUT ROWID;

INSERT INTO observation_sums (source, metric, period, n, rest)
	SELECT o.source, o.metric, o.period, sum(o.n), (SELECT d.n FROM observations AS d
		WHERE d.source = o.source AND d.metric = o.metric AND d.school = '' AND d.period = o.period) - sum(o.n)
	FROM observations AS o INDEXED BY observations_by_size
	WHERE o.school <> '' GROUP BY o.source, o.metric, o.period;
INSERT INTO usage_sums (source, product, period, active_users, weekly_active, rest_users, rest_weekly)
	SELECT o.source, o.product, o.period, sum(o.active_users), sum(o.weekly_active),
		(SELECT d.active_users FROM product_usage AS d
			WHERE d.source = o.source AND d.product = o.product AND d.school = '' AND d.period = o.period) - sum(o.active_users),
		(SELECT d.weekly_active FROM product_usage AS d
			WHERE d.source = o.source AND d.product = o.product AND d.school = '' AND d.period = o.period) - sum(o.weekly_active)
	FROM product_usage AS o INDEXED BY product_usage_by_size
	WHERE o.school <> '' GROUP BY o.source, o.period, o.product;
