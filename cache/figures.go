package cache

import (
	"strings"
)

// figures are the tables of figures, keyed by numbers (see keys.go): the
// columns of their key after the source, and of their values. They are
// staged without the source (a staging file holds one) and without their
// indexes, which the staging does not read; the other tables are staged as
// the live file has them.
var figures = map[string]struct{ key, values []string }{
	"observations":  {[]string{"metric", "school", "period"}, []string{"value", "n"}},
	"product_usage": {[]string{"product", "school", "period"}, []string{"active_users", "weekly_active"}},
}

// stagedFigures are the staging file's own tables: the figures, and the
// rows to delete from the live ones, by key.
var stagedFigures = []string{
	`CREATE TABLE observations (metric INTEGER NOT NULL, school INTEGER NOT NULL, period INTEGER NOT NULL,
		value REAL NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (metric, school, period)) STRICT, WITHOUT ROWID`,
	`CREATE TABLE product_usage (product INTEGER NOT NULL, school INTEGER NOT NULL, period INTEGER NOT NULL,
		active_users INTEGER NOT NULL, weekly_active REAL NOT NULL, PRIMARY KEY (product, school, period)) STRICT, WITHOUT ROWID`,
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
// order of the live table's key, so that the rows go in one after another.
// Into a table that holds no figures at all, such as on a first sync or
// when the only source replaces its own, the indexes are dropped first and
// built again after: SQLite then sorts each index once and writes its
// pages full, where adding the rows one by one in another order than the
// index's would split its pages and leave them part empty.
func (a *applier) copyFigures(table, verb string) error {
	var empty bool
	if err := a.tx.QueryRowContext(a.ctx, "SELECT NOT EXISTS (SELECT 1 FROM main."+table+")").Scan(&empty); err != nil {
		return err
	}
	var indexes []string
	if empty {
		rows, err := a.tx.QueryContext(a.ctx, "SELECT name, sql FROM main.sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", table)
		if err != nil {
			return err
		}
		var names []string
		for rows.Next() {
			var name, q string
			if err := rows.Scan(&name, &q); err != nil {
				rows.Close()
				return err
			}
			names, indexes = append(names, name), append(indexes, q)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, n := range names {
			if _, err := a.tx.ExecContext(a.ctx, "DROP INDEX main."+n); err != nil {
				return err
			}
		}
	}
	f := figures[table]
	key, cols := strings.Join(f.key, ", "), strings.Join(append(f.key, f.values...), ", ")
	q := verb + " INTO main." + table + " (source, " + cols + ") SELECT " + sourceKey + ", " + cols + " FROM stage." + table + " ORDER BY " + key
	if _, err := a.tx.ExecContext(a.ctx, q, a.w.src.Name); err != nil {
		return err
	}
	for _, q := range indexes {
		if _, err := a.tx.ExecContext(a.ctx, q); err != nil {
			return err
		}
	}
	return nil
}
