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
