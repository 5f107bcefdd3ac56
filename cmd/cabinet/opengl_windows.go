//go:build windows

package main

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"syscall"
	"unsafe"
)

// noOpenGL is what Cabinet says when Windows offers no OpenGL, as in virtual
// machines and remote-desktop sessions without a graphics driver.
const noOpenGL = "Cabinet cannot open its window: this computer's graphics driver offers no OpenGL " +
	"(common in virtual machines and remote-desktop sessions).\n\n" +
	"Fix: put Mesa's opengl32.dll next to cabinet.exe (see Troubleshooting in Cabinet's README), " +
	"or install the graphics driver. The commands (cabinet.exe sync, export, status) work without it."

// Fyne reports a failed OpenGL start only to its log, then quits: from a
// double-click that is a window that never appears. Watching the log turns
// it into a sentence, in a message box when there is no console to print to.
func init() {
	log.SetOutput(glWatch{})
}

// glWatch passes the log through and stops the program with noOpenGL when
// GLFW says OpenGL cannot be had: its WGL errors ("WGL: The driver does not
// appear to support OpenGL", "WGL: Failed to set pixel format ...") come
// through its error callback or as the cause of Fyne's "window creation
// error". Some of them leave the app running with no window at all.
type glWatch struct{}

func (glWatch) Write(p []byte) (int, error) {
	if !bytes.Contains(p, []byte("WGL:")) && !(bytes.Contains(p, []byte("Cause:")) && bytes.Contains(p, []byte("OpenGL"))) {
		return os.Stderr.Write(p)
	}
	if h, err := syscall.GetStdHandle(syscall.STD_ERROR_HANDLE); err == nil && usable(h) {
		fmt.Fprintf(os.Stderr, "cabinet: %s\n(%s)\n", noOpenGL, bytes.TrimSpace(p))
	} else {
		messageBox("Cabinet", noOpenGL)
	}
	os.Exit(exitFail)
	return len(p), nil
}

func messageBox(title, text string) {
	t, _ := syscall.UTF16PtrFromString(title)
	m, _ := syscall.UTF16PtrFromString(text)
	const mbIconError = 0x10
	syscall.NewLazyDLL("user32.dll").NewProc("MessageBoxW").Call(0, uintptr(unsafe.Pointer(m)), uintptr(unsafe.Pointer(t)), mbIconError)
}
