-- Cabinet cache, schema 5: indexes that let the suppression step read, of
-- each month's group, only the figures it may hide: the parts too small to
-- show, the total, and the smallest of the others (the complementary rule
-- hides the smallest shown part first). Reading every school's figure of
-- every month made the views of a school slow in the largest districts.
--
-- The small parts of a product's month: as in schema 4, but holding the
-- figures, so that reading them needs no look-up in the table (30 is the
-- highest threshold a district may set).
DROP INDEX product_usage_small;
CREATE INDEX product_usage_small ON product_usage (source, period, product, school, active_users, weekly_active)
	WHERE school <> '' AND ((active_users > 0 AND active_users < 30) OR (weekly_active > 0 AND weekly_active < 30));

-- A product's month in order of users, and a measure's month in order of
-- n: the smallest parts of a group are the first entries.
DROP INDEX product_usage_by_period;
CREATE INDEX product_usage_by_size ON product_usage (source, period, product, active_users, weekly_active, school);
CREATE INDEX observations_by_size ON observations (source, metric, period, n, school, value);
