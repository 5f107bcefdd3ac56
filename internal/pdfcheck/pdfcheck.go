// Package pdfcheck reads PDF files back with outside readers, for tests:
// Mozilla's PDF.js (through Node.js, as test-tools/structure.mjs),
// poppler's pdfinfo and pdftotext, and qpdf's structural check. A reader
// that is not installed skips the test with one line saying how to get it.
package pdfcheck

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// Node is a node of a page's structure tree as PDF.js gives it: a
// structure element (Role, Alt, Lang, Children) or a piece of marked
// content (Type "content", ID).
type Node struct {
	Role     string `json:"role"`
	Alt      string `json:"alt"`
	Lang     string `json:"lang"`
	Type     string `json:"type"`
	ID       string `json:"id"`
	Children []Node `json:"children"`
}

// Walk calls fn for n and every node under it, depth first, in order.
func (n Node) Walk(fn func(Node)) {
	fn(n)
	for _, c := range n.Children {
		c.Walk(fn)
	}
}

// Count is how many nodes under n, n included, have the role.
func (n Node) Count(role string) int {
	c := 0
	n.Walk(func(m Node) {
		if m.Role == role {
			c++
		}
	})
	return c
}

// Document is what PDF.js reads from a file.
type Document struct {
	Pages    int    `json:"pages"`
	Title    string `json:"title"`
	Language string `json:"language"`
	MarkInfo *struct {
		Marked         bool `json:"Marked"`
		UserProperties bool `json:"UserProperties"`
		Suspects       bool `json:"Suspects"`
	} `json:"markInfo"`
	// Structure is each page's structure tree, nil where it has none.
	Structure []*Node  `json:"structure"`
	Text      []string `json:"text"`
	// Marked is each page's marked content, in order.
	Marked [][]Marked `json:"marked"`
}

// Marked is a marked-content sequence: its tag ("Artifact", or the role
// it was tagged with), the id the structure tree's content nodes name it
// by, and its text.
type Marked struct {
	Tag  string `json:"tag"`
	ID   string `json:"id"`
	Text string `json:"text"`
}

// Text is the text of the marked content under n, in order, joined by
// spaces; page is n's page's marked content.
func (n Node) Text(page []Marked) string {
	byID := map[string]string{}
	for _, m := range page {
		byID[m.ID] = m.Text
	}
	var parts []string
	n.Walk(func(c Node) {
		if c.Type == "content" && byID[c.ID] != "" {
			parts = append(parts, byID[c.ID])
		}
	})
	return strings.Join(parts, " ")
}

// root is the repository's top folder.
func root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

var installOnce sync.Once
var installErr error
var installOut []byte

// PDFJS reads path with PDF.js. It skips the test when Node.js is not
// installed, and installs PDF.js into test-tools/node_modules on first use
// (scripts/test-tools.sh).
func PDFJS(t testing.TB, path string) Document {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed (Debian: scripts/deps.sh test); skipping the check of the PDF with PDF.js")
	}
	installOnce.Do(func() {
		installOut, installErr = exec.Command(filepath.Join(root(), "scripts", "test-tools.sh")).CombinedOutput()
	})
	if installErr != nil {
		t.Fatalf("installing PDF.js (scripts/test-tools.sh): %v\n%s", installErr, installOut)
	}
	cmd := exec.Command("node", filepath.Join(root(), "test-tools", "structure.mjs"), path)
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("PDF.js could not read %s: %v\n%s", path, err, stderr)
	}
	var d Document
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatalf("reading PDF.js's answer: %v\n%.2000s", err, out)
	}
	return d
}

func need(t testing.TB, tool, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s is not installed (Debian: apt-get install %s, or scripts/deps.sh test); skipping the check of the PDF", tool, pkg)
	}
}

// Info is pdfinfo's account of path, by field name ("Tagged", "Pages").
func Info(t testing.TB, path string) map[string]string {
	t.Helper()
	need(t, "pdfinfo", "poppler-utils")
	out, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	info := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^([^:\n]+):\s*(.*)$`).FindAllStringSubmatch(string(out), -1) {
		info[m[1]] = strings.TrimSpace(m[2])
	}
	return info
}

// Text is the text of path as pdftotext reads it, pages apart by form feeds.
func Text(t testing.TB, path string) string {
	t.Helper()
	need(t, "pdftotext", "poppler-utils")
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// QPDF fails the test unless qpdf --check finds path sound, with no
// warnings.
func QPDF(t testing.TB, path string) {
	t.Helper()
	need(t, "qpdf", "qpdf")
	out, err := exec.Command("qpdf", "--check", path).CombinedOutput()
	if err != nil || strings.Contains(strings.ToLower(string(out)), "warning") || !strings.Contains(string(out), "No syntax or stream encoding errors found") {
		t.Fatalf("qpdf --check %s: %v\n%s", path, err, out)
	}
}
