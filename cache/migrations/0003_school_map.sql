-- Cabinet cache, schema 3: which Cabinet school each source's schools are,
-- and a priority per dataset.
--
-- Connectors name schools their own way (a Snipe-IT location id, a
-- OneRoster org's sourcedId). Each sync records here what it found and
-- which Cabinet school it counted it as; a person may choose by hand, and
-- that choice outlives every sync, full ones included. Rows go with their
-- source when it is removed. Names are of schools and buildings only:
-- nothing here names a person.
CREATE TABLE school_map (
	source TEXT NOT NULL REFERENCES sources (name) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	id     TEXT NOT NULL,   -- the school's identifier in the source
	name   TEXT NOT NULL,   -- its name there
	school TEXT NOT NULL,   -- the Cabinet school it counts as; '' for none
	how    TEXT NOT NULL CHECK (how IN ('name', 'source', 'parent', 'hand', 'none')),
	seen   TEXT NOT NULL,   -- the last sync that found it; '' if none has
	PRIMARY KEY (source, id)
) STRICT, WITHOUT ROWID;

-- A source may rank differently for one dataset than for the rest: the
-- rostering service's enrolment counts come before a summary feed's, but
-- the feed's schools (which its other figures name) come before the
-- roster's. NULL takes the source's own priority.
ALTER TABLE coverage ADD COLUMN priority INTEGER;
