package cache_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// TestNamesKept: what a source names is kept tamed, cut to
// district.MaxName characters and with its credential taken out first;
// an id a terminal would act on is refused; and a sync that sends more
// than cache.MaxNames different names fails and keeps the last good data.
func TestNamesKept(t *testing.T) {
	c := mustOpenCache(t)
	src := real
	src.Redact = func(s string) string { return strings.ReplaceAll(s, "SECRET-TOKEN", "[redacted]") }
	long := strings.Repeat("a", district.MaxName-5) + "SECRET-TOKEN"
	err := c.Write(ctx, src, cache.Replace, func(w *cache.Writer) error {
		if err := w.PutSchool(district.School{ID: "S1", Name: "\x1b]0;pwned\x07Adams\u202e Elementary\r\n", Level: district.Elementary}); err != nil {
			return err
		}
		return w.PutProduct(district.Product{ID: "P1", Name: long, Category: "Basic Skills\x1b[2J"})
	})
	if err != nil {
		t.Fatal(err)
	}
	schools, _, _ := c.Schools(ctx)
	products, _, _ := c.Products(ctx)
	if len(schools) != 1 || schools[0].Name != "Adams Elementary" || len(products) != 1 ||
		products[0].Name != strings.Repeat("a", district.MaxName-5)+"[red…" || products[0].Category != "Basic Skills" {
		t.Fatalf("kept %+v and %+v", schools, products)
	}
	before := synctest.Dump(t, c.Path(), true)
	for _, bad := range []func(w *cache.Writer) error{
		func(w *cache.Writer) error {
			return w.PutSchool(district.School{ID: "S\x1b[2J", Name: "Adams", Level: district.Elementary})
		},
		func(w *cache.Writer) error {
			for i := range cache.MaxNames + 1 {
				if err := w.PutProduct(district.Product{ID: fmt.Sprint("P", i), Name: fmt.Sprint("Product ", i)}); err != nil {
					return err
				}
			}
			return nil
		},
	} {
		err := c.Write(ctx, src, cache.Replace, bad)
		if err == nil {
			t.Fatal("the write went through")
		}
		if synctest.Dump(t, c.Path(), true) != before {
			t.Fatalf("the failed write changed the cache: %v", err)
		}
		t.Log(err)
	}
	err = c.Write(ctx, src, cache.Replace, func(w *cache.Writer) error {
		for i := range cache.MaxNames + 1 {
			if _, err := w.Name(fmt.Sprint("queue ", i)); err != nil {
				return err
			}
		}
		return nil
	})
	if !errors.Is(err, cache.ErrTooManyNames) {
		t.Fatalf("%d names: %v", cache.MaxNames+1, err)
	}
}
