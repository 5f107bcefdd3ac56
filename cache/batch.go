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
const batchRows = 128

// batch collects rows for one table and inserts them many at a time.
type batch struct {
	ctx      context.Context
	tx       *sql.Tx
	prefix   string // "INSERT INTO t (cols) VALUES "
	row      string // "(?,?,?)"
	suffix   string // conflict clause, if any
	cols     int
	args     []any
	full     *sql.Stmt
}

func newBatch(ctx context.Context, tx *sql.Tx, prefix, row string, cols int, suffix string) *batch {
	return &batch{ctx: ctx, tx: tx, prefix: prefix, row: row, cols: cols, suffix: suffix, args: make([]any, 0, cols*batchRows)}
}

func (b *batch) statement(rows int) string {
	return b.prefix + strings.TrimSuffix(strings.Repeat(b.row+",", rows), ",") + b.suffix
}

func (b *batch) add(args ...any) error {
	b.args = append(b.args, args...)
	if len(b.args) < b.cols*batchRows {
		return nil
	}
	if b.full == nil {
		st, err := b.tx.PrepareContext(b.ctx, b.statement(batchRows))
		if err != nil {
			return err
		}
		b.full = st
	}
	_, err := b.full.ExecContext(b.ctx, b.args...)
	return b.done(err)
}

// flush inserts whatever rows are pending.
func (b *batch) flush() error {
	if len(b.args) == 0 {
		return nil
	}
	_, err := b.tx.ExecContext(b.ctx, b.statement(len(b.args)/b.cols), b.args...)
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
		return err
	}
	one := b.statement(1)
	for i := 0; i < len(b.args); i += b.cols {
		row := b.args[i : i+b.cols]
		if _, rerr := b.tx.ExecContext(b.ctx, one, row...); rerr != nil {
			return fmt.Errorf("%s appears twice", describeKey(row))
		}
	}
	return err
}

// describeKey names a row by its key columns (all but the two values).
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
