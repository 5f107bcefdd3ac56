-- Cabinet cache, schema 6: every deck counts its changes.
--
-- An edit of a deck (a slide added, moved, removed or reworded) is one
-- transaction that names the version it was made on; one made on a version
-- since changed is refused instead of overwriting what another window or
-- program saved.
ALTER TABLE decks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
