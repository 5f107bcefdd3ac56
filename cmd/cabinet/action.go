package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
)

// runAction is `cabinet action`: the cabinet's decisions and actions.
func runAction(ctx context.Context, e env, args []string) int {
	subs := map[string]func(context.Context, env, []string) int{
		"add": actionAdd, "list": actionList,
		"done": func(ctx context.Context, e env, args []string) int {
			return actionMark(ctx, e, args, district.ActionDone)
		},
		"drop": func(ctx context.Context, e env, args []string) int {
			return actionMark(ctx, e, args, district.ActionDropped)
		},
		"reopen": func(ctx context.Context, e env, args []string) int {
			return actionMark(ctx, e, args, district.ActionOpen)
		},
	}
	if len(args) == 0 || subs[args[0]] == nil {
		fmt.Fprintln(e.stderr, `Usage:
  cabinet action add --text TEXT --owner NAME --due DATE [--measure ID | --product NAME] [--school ID]
  cabinet action list
  cabinet action done ID
  cabinet action drop ID
  cabinet action reopen ID
Every one takes --data DIR. DATE is written 2027-01-15.`)
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
			return exitOK
		}
		return exitUsage
	}
	return subs[args[0]](ctx, e, args[1:])
}

func actionAdd(ctx context.Context, e env, args []string) int {
	fs, data := newFlags(e, "action add", "cabinet action add --text TEXT --owner NAME --due DATE [--measure ID | --product NAME] [--school ID] [--data DIR]")
	text := fs.String("text", "", "what is to be done, e.g. \"Renegotiate MindWell SEL\"")
	owner := fs.String("owner", "", "who will do it, e.g. CFO")
	due := fs.String("due", "", "when it is due, e.g. 2027-01-15")
	measure := fs.String("measure", "", "the measure it is about, by id (instruction.attendance_pct) or name (\"Attendance rate\")")
	product := fs.String("product", "", "the edtech product it is about, by name or id")
	school := fs.String("school", "", "with --measure: the school, by id; the whole district unless given")
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	usage := func(msg string) int {
		fmt.Fprintf(e.stderr, "action add: %s\n", msg)
		return exitUsage
	}
	switch {
	case *text == "":
		return usage("--text is required: what is to be done")
	case *owner == "":
		return usage("--owner is required: who will do it")
	case *due == "":
		return usage("--due is required: when it is due, e.g. 2027-01-15")
	case *measure != "" && *product != "":
		return usage("an action is about one thing: give --measure or --product, not both")
	case *school != "" && *measure == "":
		return usage("--school goes with --measure")
	}
	dueDay, err := district.ParseDay(*due)
	if err != nil {
		return usage("--due " + err.Error())
	}
	a := district.Action{Text: *text, Owner: *owner, Due: dueDay, Created: e.clock()}
	switch {
	case *measure != "":
		a.About = district.About{Kind: district.OnMeasure, ID: *measure, School: *school}
	case *product != "":
		a.About = district.About{Kind: district.OnProduct, ID: *product}
	}
	c, b, code := openBoard(ctx, e, "action add", *data)
	if c == nil {
		return code
	}
	defer c.Close()
	defer b.Release()
	if a, err = deck.NewAction(ctx, b, a); err == nil {
		a, err = c.AddAction(ctx, a)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "action add: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(e.stdout, "Recorded action %d: %s\n", a.ID, actionLine(a))
	return exitOK
}

// actionLine is an action on one line: "Renegotiate MindWell SEL (CFO, due
// 2027-01-15, on MindWell SEL): open".
func actionLine(a district.Action) string {
	on := ""
	if a.About.Name != "" {
		on = ", on " + a.About.Name
	}
	return fmt.Sprintf("%s (%s, due %s%s): %s", a.Text, a.Owner, a.Due.Format("2006-01-02"), on, a.Status)
}

func actionList(ctx context.Context, e env, args []string) int {
	fs, data := newFlags(e, "action list", "cabinet action list [--data DIR]")
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	c, code := openMemory(ctx, e, "action list", *data)
	if c == nil {
		return code
	}
	defer c.Close()
	acts, err := c.Actions(ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "action list: %v\n", err)
		return exitFail
	}
	if len(acts) == 0 {
		fmt.Fprintln(e.stdout, "No action is recorded yet; 'cabinet action add' records one.")
	}
	today := e.clock()
	for _, a := range acts {
		state := string(a.Status)
		switch {
		case a.Overdue(today):
			state = "open, overdue"
		case a.Status != district.ActionOpen:
			state += " " + a.Closed.Local().Format("2006-01-02")
		}
		fmt.Fprintf(e.stdout, "%4d  %-18s  due %s  %s: %s", a.ID, state, a.Due.Format("2006-01-02"), a.Owner, a.Text)
		if a.About.Name != "" {
			fmt.Fprintf(e.stdout, "  (on %s)", a.About.Name)
		}
		fmt.Fprintln(e.stdout)
	}
	return exitOK
}

func actionMark(ctx context.Context, e env, args []string, status district.ActionStatus) int {
	name := "action " + map[district.ActionStatus]string{district.ActionDone: "done", district.ActionDropped: "drop", district.ActionOpen: "reopen"}[status]
	arg, data, code := oneArg(e, name, "cabinet "+name+" ID [--data DIR]", "the action's number, as 'cabinet action list' shows it", args)
	if code >= 0 {
		return code
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		fmt.Fprintf(e.stderr, "%s: %q is not an action's number; 'cabinet action list' shows them\n", name, arg)
		return exitUsage
	}
	c, code := openMemory(ctx, e, name, data)
	if c == nil {
		return code
	}
	defer c.Close()
	a, err := c.SetActionStatus(ctx, id, status, e.clock())
	if errors.Is(err, district.ErrNotFound) {
		fmt.Fprintf(e.stderr, "%s: there is no action %d; 'cabinet action list' shows them.\n", name, id)
		return exitFail
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", name, err)
		return exitFail
	}
	fmt.Fprintf(e.stdout, "Action %d is %s: %s\n", a.ID, a.Status, actionLine(a))
	return exitOK
}
