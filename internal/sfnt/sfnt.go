// Package sfnt reads and writes the table directory of TrueType font
// files: what Cabinet's font generator (assets) and the PDF writer's font
// subsetter (charts/pdf) share.
package sfnt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// ReadTables reads a TrueType file's table directory.
func ReadTables(ttf []byte) (map[string][]byte, error) {
	if len(ttf) < 12 {
		return nil, errors.New("the font file is too short")
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	if len(ttf) < 12+16*n {
		return nil, errors.New("the font's table directory is cut short")
	}
	tables := map[string][]byte{}
	for i := range n {
		rec := ttf[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(ttf)) {
			return nil, fmt.Errorf("the font's %q table lies outside the file", rec[:4])
		}
		tables[string(rec[:4])] = ttf[off : off+length]
	}
	return tables, nil
}

// WriteTables writes a TrueType file: the directory sorted by tag, tables
// padded to four bytes with their checksums, and the file's checksum in
// head.
func WriteTables(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	n := len(tags)
	sr, es := 1, 0
	for sr*2 <= n {
		sr *= 2
		es++
	}
	dir := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(dir, 0x00010000)
	binary.BigEndian.PutUint16(dir[4:], uint16(n))
	binary.BigEndian.PutUint16(dir[6:], uint16(16*sr))
	binary.BigEndian.PutUint16(dir[8:], uint16(es))
	binary.BigEndian.PutUint16(dir[10:], uint16(16*n-16*sr))
	var body bytes.Buffer
	headAt := -1
	for i, t := range tags {
		data := tables[t]
		off := len(dir) + body.Len()
		if t == "head" {
			headAt = off
		}
		rec := dir[12+16*i:]
		copy(rec, t)
		binary.BigEndian.PutUint32(rec[4:], checksum(data))
		binary.BigEndian.PutUint32(rec[8:], uint32(off))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(data)))
		body.Write(data)
		for body.Len()%4 != 0 {
			body.WriteByte(0)
		}
	}
	file := append(dir, body.Bytes()...)
	if headAt >= 0 {
		binary.BigEndian.PutUint32(file[headAt+8:], 0xB1B0AFBA-checksum(file))
	}
	return file
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
