package rest

import (
	"fmt"
	"runtime/debug"
)

// PanicError is a panic caught in a sync's goroutine: a bug in Cabinet or
// in a connector, which fails the sync instead of crashing the program.
type PanicError struct {
	Value any
	// Stack is where it happened, for a developer; it is not shown.
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("Cabinet hit an internal error while syncing (%s) and stopped; the last good data are kept; please report this", Echo(fmt.Sprint(e.Value)))
}

// Recover, deferred in a goroutine, turns a panic in it into a PanicError
// in *err.
func Recover(err *error) {
	if v := recover(); v != nil {
		*err = &PanicError{Value: v, Stack: debug.Stack()}
	}
}
