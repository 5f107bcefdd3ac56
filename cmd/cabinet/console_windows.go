//go:build windows

package main

import (
	"os"
	"syscall"
)

var (
	kernel32          = syscall.NewLazyDLL("kernel32.dll")
	procAttachConsole = kernel32.NewProc("AttachConsole")
	procSetStdHandle  = kernel32.NewProc("SetStdHandle")
)

const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1

// cabinet.exe is linked as a GUI program (-H windowsgui) so that a
// double-click opens the window without a console flashing up; such a
// program starts with no console. Given arguments (a command, --version,
// --help), it joins the console of the shell that started it, so that
// `cabinet.exe sync` prints in PowerShell or cmd. Standard handles that are
// already redirected to a file or pipe are left alone. With no shell behind
// it, AttachConsole fails and nothing changes.
func init() {
	if len(os.Args) < 2 {
		return
	}
	if r, _, _ := procAttachConsole.Call(attachParentProcess); r == 0 {
		return
	}
	os.Stdin = reopen(syscall.STD_INPUT_HANDLE, "CONIN$", os.Stdin)
	os.Stdout = reopen(syscall.STD_OUTPUT_HANDLE, "CONOUT$", os.Stdout)
	os.Stderr = reopen(syscall.STD_ERROR_HANDLE, "CONOUT$", os.Stderr)
}

// reopen returns f if its handle is usable, and otherwise the console
// device, which it also makes the process's standard handle so that a
// panic's message reaches the console too.
func reopen(std int, device string, f *os.File) *os.File {
	if h, err := syscall.GetStdHandle(std); err == nil && usable(h) {
		return f
	}
	name, _ := syscall.UTF16PtrFromString(device)
	h, err := syscall.CreateFile(name, syscall.GENERIC_READ|syscall.GENERIC_WRITE,
		syscall.FILE_SHARE_READ|syscall.FILE_SHARE_WRITE, nil, syscall.OPEN_EXISTING, 0, 0)
	if err != nil {
		return f
	}
	procSetStdHandle.Call(uintptr(std), uintptr(h))
	return os.NewFile(uintptr(h), device)
}

// usable says whether a standard handle leads somewhere: a GUI program
// started from a console has none, one started with a redirection has a file
// or pipe.
func usable(h syscall.Handle) bool {
	if h == 0 || h == syscall.InvalidHandle {
		return false
	}
	t, err := syscall.GetFileType(h)
	return err == nil && t != syscall.FILE_TYPE_UNKNOWN
}
