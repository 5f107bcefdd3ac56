package cache

import (
	"context"
	"database/sql"
)

// figures are the tables of figures, keyed by numbers (see keys.go), and
// the columns of their key after the source. They are staged as the live file
// has them, source and all, but without their indexes, which the staging
// does not read: so a copy into a live table that holds no figures is
// SQLite's transfer of whole records (see copyFigures).
var figures = map[string][]string{
	"observations":  {"metric", "school", "period"},
	"product_usage": {"product", "school", "period"},
}

// stagedDeletes are the staging file's own tables: the rows to delete from
// the live figures, by key.
var stagedDeletes = []string{
	`CREATE TABLE deleted_observations (metric INTEGER NOT NULL, school INTEGER NOT NULL, period INTEGER NOT NULL,
		PRIMARY KEY (metric, school, period)) STRICT, WITHOUT ROWID`,
	`CREATE TABLE deleted_product_usage (product INTEGER NOT NULL, school INTEGER NOT NULL, period INTEGER NOT NULL,
		PRIMARY KEY (product, school, period)) STRICT, WITHOUT ROWID`,
}

// sourceKey is the id of the source named ?1, in SQL: the tables of
// figures and their sums name a source by it.
const sourceKey = "(SELECT id FROM main.source_keys WHERE name = ?1)"

// sourceIs is the test, in SQL, for the rows of a table that are the
// source's named ?1.
func sourceIs(table string) string {
	switch table {
	case "observations", "product_usage", "observation_sums", "usage_sums":
		return "source = " + sourceKey
	}
	return "source = ?1"
}

// copyFigures copies a staged table of figures into the live one, in the
// order of their key, so that the rows go in one after another. Into a
// table that holds no figures at all, such as on a first sync or when the
// only source replaces its own, the indexes are dropped first and built
// again after: SQLite then copies the staged records whole, page by page
// (its transfer, which needs the same columns and indexes on both sides),
// sorts each index once and writes its pages full, where adding the rows
// one by one in another order than the index's would split its pages and
// leave them part empty.
func (a *applier) copyFigures(table, verb string) error {
	var empty bool
	if err := a.tx.QueryRowContext(a.ctx, "SELECT NOT EXISTS (SELECT 1 FROM main."+table+")").Scan(&empty); err != nil {
		return err
	}
	var indexes []string
	if empty {
		var err error
		if indexes, err = dropIndexes(a.ctx, a.tx, table); err != nil {
			return err
		}
	}
	if _, err := a.tx.ExecContext(a.ctx, copyStatement(verb, table)); err != nil {
		return err
	}
	for _, q := range indexes {
		if _, err := a.tx.ExecContext(a.ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// dropIndexes drops a live table's indexes, other than its key, and
// returns the statements that build them again.
func dropIndexes(ctx context.Context, tx *sql.Tx, table string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT name, sql FROM main.sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", table)
	if err != nil {
		return nil, err
	}
	var names, indexes []string
	for rows.Next() {
		var name, q string
		if err := rows.Scan(&name, &q); err != nil {
			rows.Close()
			return nil, err
		}
		names, indexes = append(names, name), append(indexes, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, "DROP INDEX main."+n); err != nil {
			return nil, err
		}
	}
	return indexes, nil
}

// copyStatement copies a staged table of figures into the live one. A
// staged table holds one source and is read in the order of its key; into
// an empty live table without indexes SQLite copies its records whole.
func copyStatement(verb, table string) string {
	return verb + " INTO main." + table + " SELECT * FROM stage." + table
}
