# Cabinet: `make run` opens the dashboard, `make test` runs every test.
# Both install missing system packages first (Debian/Ubuntu; see scripts/deps.sh).

# Fyne cannot parse the C locale and says so on every start.
ifneq ($(filter-out C POSIX C.UTF-8,$(LANG)),)
else
export LANG := en_US.UTF-8
endif
# The tags the app ships with (scripts/tags.sh says what each does).
TAGS := $(shell . ./scripts/tags.sh && echo $$TAGS)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.7.0

.PHONY: run test fmt-check race-lists test-rt test-postgres bench-postgres build lint bench deps test-deps dist dist-test

run: deps
	go run -tags $(TAGS) ./cmd/cabinet $(ARGS)

# make test: vet, staticcheck, every Go test exactly once, the smoke
# test's self-test and the smoke test. Built with the fyneDo tag the app
# ships with: the UI tests keep widgets on one goroutine as the app's event
# loop does (see ui/bridge.go), so Fyne's tagged, lock-free caches are safe.
#
# What runs under -race: the tests that run work on several goroutines.
# The race detector slows SQLite (modernc, C translated to Go) about
# twentyfold and the software painter as much, so the rest, pure drawing,
# goldens and the privacy readers, run once without it.
#  - whole packages whose own code is concurrent: the cache, the sync
#    engine and every connector under sync/, and districtd;
#  - elsewhere, the tests named in RACE_TESTS: boards built on two
#    goroutines during a sync (panel), slides and charts rendered at once
#    (deck, charts), the window working while a sync is held, reporting a
#    sync that waits for its server, watching for another process's writes,
#    a presentation preparing its next slides in the background while a
#    sync lands (ui), and
#    `cabinet sync` held mid-way while other processes work (cmd/cabinet,
#    whose binary is then built with -race too);
#  - not under -race: TestCrash (it kills child syncs at random moments:
#    crash safety, not threads) and the cache's suppression tests, named in
#    RACE_SKIP.
# Fyne drops a widget's renderer after a minute unpainted; on a busy machine
# a UI test outlives that, so FYNE_CACHE keeps them an hour.
RACE_PKGS := ./cache/ ./sync/... ./cmd/districtd/
RACE_SKIP := ^(TestCrash|TestGroupDecidesAsWholeMonths|TestSmallUsageGroupsDecideAsWholeGroups)$$
RACE_TESTS := ^(TestBoardIsASnapshot|TestRenderConcurrently|TestConcurrent|TestWorkWhileASyncIsHeld|TestSyncSaysItWaitsForTheServer|TestAnotherWritersChangesShow|TestPresentationKeepsItsSnapshotUntilTheNextSlide|TestWorkDuringALongSync)$$
# Every other package: go list, less RACE_PKGS.
OTHER_PKGS = $$(go list ./... | grep -Ev '/(cache|sync/.*|cmd/districtd)$$')
GOTEST := FYNE_CACHE=1h go test -tags $(TAGS) -timeout 30m

test: test-deps race-lists fmt-check
	go vet -tags $(TAGS) ./...
	go run $(STATICCHECK) -tags $(TAGS) ./...
	$(GOTEST) -race -skip '$(RACE_SKIP)' $(RACE_PKGS)
	$(GOTEST) -race -run '$(RACE_TESTS)' ./panel/ ./deck/ ./charts/ ./ui/ ./cmd/cabinet/
	$(GOTEST) -run '$(RACE_SKIP)' ./cache/ ./sync/engine/
	$(GOTEST) -skip '$(RACE_TESTS)' $(OTHER_PKGS)
	SMOKE_SELFTEST=1 scripts/smoke.sh
	scripts/smoke.sh
	scripts/other-writer.sh
	@[ "$${CABINET_POSTGRES_TEST:-}" = 1 ] || echo "PostgreSQL tests skipped: make test-postgres runs them on a throwaway PostgreSQL"
	@if [ "$${CABINET_DIST_TEST:-}" = 1 ]; then $(MAKE) dist-test; fi

# Every test the race lists name exists, and the README names it: a test
# renamed must not drop out of -race unseen.
# gofmt's layout, checked before anything is built.
fmt-check:
	@files=$$(gofmt -l .); if [ -n "$$files" ]; then echo "gofmt would change: $$files (run gofmt -w)"; exit 1; fi

race-lists:
	@for n in $$(echo '$(RACE_TESTS)|$(RACE_SKIP)' | tr -d '^$$()' | tr '|' ' '); do \
	  grep -rqs --include='*_test.go' "^func $$n(" . || { echo "make: $$n, in the Makefile's race lists, is no test" >&2; exit 1; }; \
	  grep -q "$$n" README.md || { echo "make: the README does not say that $$n runs under -race or not" >&2; exit 1; }; \
	done

# The help-desk connector against a real Request Tracker 5: installs RT and
# its mail server (Debian/Ubuntu), starts it on 127.0.0.1 with a throwaway
# SQLite database and syncs it. `make test` skips this test and says so.
test-rt:
	@scripts/deps.sh rt
	CABINET_RT_TEST=1 go test -count=1 -run TestRequestTracker -v -timeout 30m ./cmd/cabinet/

# districtd on PostgreSQL: installs the distribution's PostgreSQL; each
# test starts a throwaway server in a temporary folder (initdb, pg_ctl on
# 127.0.0.1). Then Prism's validating proxy between a Cabinet and
# districtd --postgres (npx fetches @stoplight/prism-cli). `make test`
# skips these and says so.
test-postgres:
	@scripts/deps.sh postgres
	CABINET_POSTGRES_TEST=1 go test -tags $(TAGS) -count=1 -run 'Postgres' -v -timeout 30m ./sync/summaryapi/server/ ./cmd/districtd/ ./cmd/cabinet/
	scripts/prism-postgres.sh

# The morning of the meeting: fifty Cabinets syncing at once from
# districtd --postgres at New York City's size (scripts/bench-postgres.sh).
bench-postgres:
	@scripts/deps.sh postgres
	scripts/bench-postgres.sh

build: deps
	go build -tags $(TAGS) -ldflags "-X main.Version=$$(git describe --tags --always --dirty 2>/dev/null || echo dev)" -o bin/cabinet ./cmd/cabinet
	CGO_ENABLED=0 go build -o bin/districtd ./cmd/districtd

# The Go benchmarks report; the scripts print each target beside its
# figure and baseline and exit non-zero on a miss (all run either way).
bench: test-deps
	go test -tags $(TAGS) -run '^$$' -bench . -benchmem ./...
	status=0; scripts/bench.sh || status=1; scripts/bench-sync.sh || status=1; scripts/bench-cache.sh || status=1; scripts/bench-packet.sh || status=1; exit $$status

# dist/: the Windows installer and zip, the Linux package, SHA256SUMS (scripts/dist.sh).
dist:
	scripts/dist.sh

# Installs and runs what dist/ holds: Windows under Wine, Linux from a temporary home.
dist-test: dist
	scripts/dist-test.sh

deps:
	@scripts/deps.sh

test-deps:
	@scripts/deps.sh test
	@scripts/test-tools.sh
