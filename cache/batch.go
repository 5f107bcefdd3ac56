package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// batchRows is how many rows one multi-row INSERT carries. Fewer, larger
// statements are most of the speed of a bulk load through database/sql.
const batchRows = 256

// batch collects rows for one table and inserts them many at a time. The
// source is the same for every row, so it is bound once per statement as
// ?1 and the rows carry only their own columns.
type batch struct {
	ctx    context.Context
	tx     *sql.Tx
	table  string
	prefix string // "INSERT INTO t (source, cols) VALUES "
	suffix string // conflict clause, if any
	cols   int    // columns per row, the source not counted
	args   []any  // the source, then the pending rows' values
	full   *sql.Stmt
}

// newBatch collects rows of cols for the source's part of table; suffix is
// the statement's conflict clause, if any.
func newBatch(ctx context.Context, tx *sql.Tx, source, table string, cols []string, suffix string) *batch {
	args := make([]any, 1, 1+len(cols)*batchRows)
	args[0] = source
	prefix := "INSERT INTO " + table + " (source, " + strings.Join(cols, ", ") + ") VALUES "
	return &batch{ctx: ctx, tx: tx, table: table, prefix: prefix, cols: len(cols), suffix: suffix, args: args}
}

func (b *batch) statement(rows int) string {
	row := "(?1" + strings.Repeat(",?", b.cols) + ")"
	return b.prefix + strings.TrimSuffix(strings.Repeat(row+",", rows), ",") + b.suffix
}

func (b *batch) pending() int { return (len(b.args) - 1) / b.cols }

func (b *batch) add(args ...any) error {
	b.args = append(b.args, args...)
	if b.pending() < batchRows {
		return nil
	}
	if b.full == nil {
		st, err := b.tx.PrepareContext(b.ctx, b.statement(batchRows))
		if err != nil {
			return fmt.Errorf("writing %s: %w", b.table, err)
		}
		b.full = st
	}
	_, err := b.full.ExecContext(b.ctx, b.args...)
	return b.done(err)
}

// flush inserts whatever rows are pending.
func (b *batch) flush() error {
	if b.pending() == 0 {
		return nil
	}
	_, err := b.tx.ExecContext(b.ctx, b.statement(b.pending()), b.args...)
	return b.done(err)
}

// done clears the pending rows, or on a failed insert finds which row broke
// a constraint so the error can name it.
func (b *batch) done(err error) error {
	defer func() { b.args = b.args[:1] }()
	if err == nil {
		return nil
	}
	if !isConstraint(err) {
		return fmt.Errorf("writing %s: %w", b.table, err)
	}
	one := b.statement(1)
	for i := 1; i < len(b.args); i += b.cols {
		row := append([]any{b.args[0]}, b.args[i:i+b.cols]...)
		if _, rerr := b.tx.ExecContext(b.ctx, one, row...); rerr != nil {
			return fmt.Errorf("%s %s appears twice", b.table, describeKey(row))
		}
	}
	return fmt.Errorf("writing %s: %w", b.table, err)
}

// describeKey names a row by its key columns (all but the source and the
// two values).
func describeKey(row []any) string {
	key := row[1 : len(row)-2]
	parts := make([]string, len(key))
	for i, k := range key {
		parts[i] = fmt.Sprint(k)
		if parts[i] == "" {
			parts[i] = "district"
		}
	}
	return strings.Join(parts, " / ")
}

func (b *batch) close() {
	if b != nil && b.full != nil {
		b.full.Close()
	}
}

func isConstraint(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT
}
