package cache

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// TestAFirstCopyMovesWholeRecords: into a table of figures that holds
// nothing, such as on a first sync or the demo, the apply's copy is
// SQLite's transfer, which reads each staged record whole (RowData) and
// writes it as it is, instead of decoding and encoding every row. It is
// only possible while the staged table has the live one's columns and
// constraints; a copy that names its columns, orders or computes anything
// is not a transfer.
func TestAFirstCopyMovesWholeRecords(t *testing.T) {
	ctx := context.Background()
	c, err := Open(ctx, filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	st, err := c.newStage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer st.remove()
	conn, err := c.write.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS stage", st.path); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "DETACH DATABASE stage")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for table := range figures {
		// As the apply does into a table that holds nothing.
		if _, err := dropIndexes(ctx, tx, table); err != nil {
			t.Fatal(err)
		}
		for _, verb := range []string{"INSERT", "INSERT OR REPLACE"} {
			rows, err := tx.QueryContext(ctx, "EXPLAIN "+copyStatement(verb, table))
			if err != nil {
				t.Fatalf("%s %s: %v", verb, table, err)
			}
			cols, _ := rows.Columns()
			var ops []string
			for rows.Next() {
				cells := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range cells {
					ptrs[i] = &cells[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				op, _ := cells[1].(string)
				ops = append(ops, op)
			}
			rows.Close()
			if !slices.Contains(ops, "RowData") {
				t.Errorf("%s into an empty %s decodes every row: %v", verb, table, ops)
			}
		}
	}
}
