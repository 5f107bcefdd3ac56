-- Cabinet cache, schema 4: the district's own settings, kept with its data
-- so that every view, slide and export of this cache applies the same.
--
-- suppression_threshold is the smallest number of students a value about
-- students may rest on and still be shown (states ask for 5 to 30; 10 is
-- the common rule).
CREATE TABLE settings (
	id                    INTEGER PRIMARY KEY CHECK (id = 1),
	suppression_threshold INTEGER NOT NULL DEFAULT 10 CHECK (suppression_threshold BETWEEN 5 AND 30)
) STRICT;
INSERT INTO settings (id) VALUES (1);

-- Suppression decides a month of a product's use across every school at
-- once (a school's figure beside the district's), but only where some
-- school's figure is small enough to hide: the first index finds those
-- months (30 is the highest threshold a district may set), the second
-- reads them whole.
CREATE INDEX product_usage_small ON product_usage (source, period, product)
	WHERE school <> '' AND ((active_users > 0 AND active_users < 30) OR (weekly_active > 0 AND weekly_active < 30));
CREATE INDEX product_usage_by_period ON product_usage (source, period, product, school, active_users, weekly_active);
