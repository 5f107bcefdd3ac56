# Cabinet: `make run` opens the dashboard, `make test` runs every test.
# Both install missing system packages first (Debian/Ubuntu; see scripts/deps.sh).

# Fyne cannot parse the C locale and says so on every start.
ifneq ($(filter-out C POSIX C.UTF-8,$(LANG)),)
else
export LANG := en_US.UTF-8
endif
# fyneDo: widgets are touched only on the UI goroutine (FyneApp.toml's migration, as `fyne build` sets it).
TAGS := migrated_fynedo
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.7.0

.PHONY: run test test-rt build lint bench deps test-deps dist dist-test

run: deps
	go run -tags $(TAGS) ./cmd/cabinet $(ARGS)

# Tests run under the race detector (the UI package in part, below), built with the fyneDo tag the app
# ships with: the UI tests keep widgets on one goroutine as the app's event
# loop does (see ui/bridge.go), so Fyne's tagged, lock-free caches are safe.
# Fyne drops a widget's renderer after a minute unpainted; under -race on a
# busy machine a UI test outlives that, so FYNE_CACHE keeps them an hour.
# The whole UI package under -race takes over 20 minutes on 2 cores (the
# software painter draws every golden image under the race detector), so
# its tests that run work concurrently with a sync or a presentation run
# under -race, and the whole package runs once more without it.
UI_RACE := Sync|WhileASyncIsHeld|AnotherServerAsksFirst|PresentationKeepsItsSnapshot|BlankScreens|SlideKeys|NextSlideIsReady

test: test-deps
	go vet -tags $(TAGS) ./...
	go run $(STATICCHECK) -tags $(TAGS) ./...
	FYNE_CACHE=1h go test -race -tags $(TAGS) -timeout 30m $$(go list ./... | grep -v '/ui$$')
	FYNE_CACHE=1h go test -race -tags $(TAGS) -timeout 20m -run '$(UI_RACE)' ./ui/
	FYNE_CACHE=1h go test -tags $(TAGS) -timeout 20m ./ui/
	scripts/smoke.sh
	@if [ "$${CABINET_DIST_TEST:-}" = 1 ]; then $(MAKE) dist-test; fi

# The help-desk connector against a real Request Tracker 5: installs RT and
# its mail server (Debian/Ubuntu), starts it on 127.0.0.1 with a throwaway
# SQLite database and syncs it. `make test` skips this test and says so.
test-rt:
	@scripts/deps.sh rt
	CABINET_RT_TEST=1 go test -count=1 -run TestRequestTracker -v -timeout 30m ./cmd/cabinet/

build: deps
	go build -tags $(TAGS) -ldflags "-X main.Version=$$(git describe --tags --always --dirty 2>/dev/null || echo dev)" -o bin/cabinet ./cmd/cabinet
	CGO_ENABLED=0 go build -o bin/districtd ./cmd/districtd

bench: test-deps
	go test -run '^$$' -bench . -benchmem ./...
	scripts/bench.sh
	scripts/bench-packet.sh

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
