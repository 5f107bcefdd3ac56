package engine_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/summaryapi/contract"
)

// TestContractMutations drops, in turn, each field the contract
// (api/summaryapi.yaml) requires in an answer, from the body or from its
// first item: the answer so broken must break the contract, and the sync
// that receives it must fail and change nothing.
func TestContractMutations(t *testing.T) {
	c := contract.Load(t)
	var drop atomic.Pointer[contract.Field]
	checked := map[string]bool{}
	_, url := startServer(t, smallDistrict(11), func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			f := drop.Load()
			if f == nil || r.URL.Path != f.Path {
				h.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			var body map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Errorf("%s: %v", f, err)
			}
			if !remove(body, strings.Split(f.At, ".")) {
				t.Errorf("%s: the server's answer has no such field", f)
			}
			b, _ := json.Marshal(body)
			if err := c.Check(r, rec.Code, rec.Header(), b); err == nil {
				t.Errorf("%s: the answer without it keeps the contract", f)
			}
			checked[f.String()] = true
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(b)))
			w.WriteHeader(rec.Code)
			w.Write(b)
		})
	})
	fx := newFixture(t, url, engine.Options{})
	fx.sync(t, cache.OutcomeOK)
	before := dump(t, fx.cache.Path())
	fields := c.Required()
	if len(fields) < 30 {
		t.Fatalf("the contract requires only %v", fields)
	}
	for _, f := range fields {
		t.Run(f.String(), func(t *testing.T) {
			drop.Store(&f)
			defer drop.Store(nil)
			res := fx.engine.Sync(context.Background(), "riverside", engine.SyncOptions{Full: true})
			if !checked[f.String()] {
				t.Fatalf("the sync did not ask for %s", f.Path)
			}
			if res.Outcome != cache.OutcomeFailed {
				t.Fatalf("the sync ended %s without %s", res.Outcome, f)
			}
			if after := dump(t, fx.cache.Path()); after != before {
				t.Fatalf("the failed sync changed the cache")
			}
			t.Log(res.Err)
		})
	}
}

// remove deletes the field at path (keys, and "0" for a list's first
// item) and reports whether it was there.
func remove(v any, path []string) bool {
	switch x := v.(type) {
	case map[string]any:
		if len(path) == 1 {
			_, ok := x[path[0]]
			delete(x, path[0])
			return ok
		}
		return remove(x[path[0]], path[1:])
	case []any:
		i, err := strconv.Atoi(path[0])
		return err == nil && i < len(x) && remove(x[i], path[1:])
	}
	return false
}
