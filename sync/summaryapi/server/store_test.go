package server

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// fourMonths is a dataset with one district series of four months.
func fourMonths(t *testing.T) *Store {
	t.Helper()
	files := map[string]string{
		"district.csv": "name\nLakeside\n",
		"schools.csv":  "id,name,level,enrollment\nL1,Lakeside High,high,900\n",
		"observations.csv": "metric,school,period,value\n" +
			"security.incidents,,2026-01-01,1\nsecurity.incidents,,2026-02-01,2\n" +
			"security.incidents,,2026-03-01,3\nsecurity.incidents,,2026-04-01,4\n",
	}
	d, err := LoadCSV(writeDir(t, files))
	if err != nil {
		t.Fatal(err)
	}
	return NewStore(d)
}

func month(m time.Month) time.Time { return time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC) }

// pages lists observations from a cursor to the end, two at a time, and
// returns each page's items as "period=value" (or "period deleted").
func pages(t *testing.T, h http.Handler, cursor string) ([]string, string) {
	t.Helper()
	var got []string
	for {
		req := httptest.NewRequest(http.MethodGet, wire.PathObservations+"?limit=2&cursor="+cursor, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
		l, err := wire.DecodeObservations(rec.Body.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		var page []string
		for _, o := range l.Items {
			if o.Deleted {
				page = append(page, o.Period+" deleted")
			} else {
				page = append(page, o.Period+"="+strconv.FormatFloat(*o.Value, 'f', -1, 64))
			}
		}
		got = append(got, strings.Join(page, " "))
		cursor = l.Cursor
		if !l.HasMore {
			return got, cursor
		}
	}
}

func TestListing(t *testing.T) {
	s := fourMonths(t)
	h := Handler(s, Options{})
	full, since := pages(t, h, "")
	if strings.Join(full, " | ") != "2026-01-01=1 2026-02-01=2 | 2026-03-01=3 2026-04-01=4" {
		t.Fatalf("full listing: %q", full)
	}
	changes, _ := pages(t, h, since)
	if strings.Join(changes, " | ") != "" {
		t.Fatalf("changes with none made: %q", changes)
	}
	// Change February, delete March, add May.
	for _, o := range []district.Observation{
		{Metric: district.SecurityIncidents, Period: month(time.February), Value: 20},
		{Metric: district.SecurityIncidents, Period: month(time.May), Value: 5},
	} {
		if err := s.PutObservation(o); err != nil {
			t.Fatal(err)
		}
	}
	s.DeleteObservation(district.SecurityIncidents, "", month(time.March))
	changes, next := pages(t, h, since)
	if strings.Join(changes, " | ") != "2026-02-01=20 2026-03-01 deleted | 2026-05-01=5" {
		t.Fatalf("changes: %q", changes)
	}
	if again, _ := pages(t, h, next); strings.Join(again, "") != "" {
		t.Fatalf("changes after the changes: %q", again)
	}
	full, _ = pages(t, h, "")
	if strings.Join(full, " | ") != "2026-01-01=1 2026-02-01=20 | 2026-04-01=4 2026-05-01=5" {
		t.Fatalf("full listing after the changes: %q", full)
	}
	if err := s.PutObservation(district.Observation{Metric: district.SecurityIncidents, Period: month(time.June), Value: -1}); err == nil {
		t.Fatal("a negative count was accepted")
	}
}

func TestCursorsAndETags(t *testing.T) {
	s := fourMonths(t)
	h := Handler(s, Options{})
	get := func(path, etag string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	first := get(wire.PathSchools, "")
	etag := first.Header().Get("ETag")
	if first.Code != http.StatusOK || etag == "" {
		t.Fatalf("schools: %d, ETag %q", first.Code, etag)
	}
	if rec := get(wire.PathSchools, etag); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Fatalf("unchanged schools: %d %s", rec.Code, rec.Body)
	}
	// A change to the observations changes their ETag, not the schools'.
	obsTag := get(wire.PathObservations, "").Header().Get("ETag")
	if err := s.PutObservation(district.Observation{Metric: district.SecurityIncidents, Period: month(time.June), Value: 6}); err != nil {
		t.Fatal(err)
	}
	if rec := get(wire.PathObservations, obsTag); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "2026-06-01") {
		t.Fatalf("changed observations: %d %s", rec.Code, rec.Body)
	}
	if rec := get(wire.PathSchools, etag); rec.Code != http.StatusNotModified {
		t.Fatalf("schools after an observation changed: %d", rec.Code)
	}
	// A cursor from another server's data is gone; one never given out is bad.
	other := NewStore(s.base)
	_, foreign := pages(t, Handler(other, Options{}), "")
	cases := []struct {
		query string
		code  int
	}{
		{"?cursor=" + foreign, http.StatusGone},
		{"?cursor=not-a-cursor", http.StatusBadRequest},
		{"?limit=0", http.StatusBadRequest},
		{"?limit=10001", http.StatusBadRequest},
	}
	for _, tc := range cases {
		rec := get(wire.PathObservations+tc.query, "")
		if rec.Code != tc.code || rec.Header().Get("Content-Type") != wire.MediaProblem {
			t.Errorf("%s: %d %s, want %d problem", tc.query, rec.Code, rec.Body, tc.code)
		}
	}
	if rec := get("/v2/anything", ""); rec.Code != http.StatusNotFound {
		t.Errorf("unknown path: %d", rec.Code)
	}
}
