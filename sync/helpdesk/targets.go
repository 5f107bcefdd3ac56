package helpdesk

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// OptTargets is the setting, shared by the help-desk kinds, that gives the
// service level per priority for tickets the system gives no due date.
const OptTargets = "sla_days"

// TargetsUsage explains OptTargets in forms and help.
const TargetsUsage = "days to resolve per priority, for tickets with no due date or SLA: high=1,normal=3,*=5 (* is any other priority)"

// Targets are days to resolve by priority, written as the system writes
// priorities, case aside; "*" is any other priority.
type Targets map[string]time.Duration

// ParseTargets reads "high=1,normal=3,*=5". Days may have decimals.
func ParseTargets(text string) (Targets, error) {
	out := Targets{}
	for _, part := range strings.Split(text, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, value, ok := strings.Cut(part, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		days, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if !ok || name == "" || err != nil || days <= 0 || days > 3650 {
			return nil, fmt.Errorf("%s %q: write each priority's days as priority=days, such as high=1,normal=3,*=5", OptTargets, part)
		}
		out[name] = time.Duration(days * float64(24*time.Hour))
	}
	return out, nil
}

// Due is when a ticket of a priority opened at opened is due; zero when
// no target covers the priority.
func (t Targets) Due(priority string, opened time.Time) time.Time {
	d, ok := t[strings.ToLower(strings.TrimSpace(priority))]
	if !ok {
		d, ok = t["*"]
	}
	if !ok || opened.IsZero() {
		return time.Time{}
	}
	return opened.Add(d)
}
