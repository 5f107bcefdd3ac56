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

// batch collects rows for one staging table and inserts them many at a
// time, through one statement prepared once.
type batch struct {
	ctx    context.Context
	tx     *sql.Tx
	table  string
	prefix string // "INSERT INTO t (cols) VALUES "
	suffix string // conflict clause, if any
	cols   int
	args   []any // the pending rows' values
	full   *sql.Stmt
	// describe names a row in an error: "instruction.attendance_pct / S1 / 2026-01-01".
	describe func(row []any) string
}

// newBatch collects rows of cols for a staging table; suffix is the
// statement's conflict clause, if any.
func newBatch(ctx context.Context, tx *sql.Tx, table string, cols []string, suffix string, describe func([]any) string) *batch {
	prefix := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	return &batch{ctx: ctx, tx: tx, table: table, prefix: prefix, cols: len(cols), suffix: suffix,
		args: make([]any, 0, len(cols)*batchRows), describe: describe}
}

func (b *batch) statement(rows int) string {
	row := "(?" + strings.Repeat(",?", b.cols-1) + ")"
	return b.prefix + strings.TrimSuffix(strings.Repeat(row+",", rows), ",") + b.suffix
}

func (b *batch) pending() int { return len(b.args) / b.cols }

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
	defer func() { b.args = b.args[:0] }()
	if err == nil {
		return nil
	}
	if !isConstraint(err) {
		return fmt.Errorf("writing %s: %w", b.table, err)
	}
	one := b.statement(1)
	for i := 0; i < len(b.args); i += b.cols {
		row := b.args[i : i+b.cols]
		if _, rerr := b.tx.ExecContext(b.ctx, one, row...); rerr != nil {
			return fmt.Errorf("%s %s appears twice", b.table, b.describe(row))
		}
	}
	return fmt.Errorf("writing %s: %w", b.table, err)
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
