package googleadmintest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// mask is a fields mask: the fields kept at each level, each with what is
// kept of it (nil for all of it). A nil mask keeps everything.
type mask map[string]mask

// parseMask reads a fields mask such as
// "nextPageToken,chromeosdevices(status,lastSync)" or "items/id".
func parseMask(text string) (mask, error) {
	if text == "" {
		return nil, nil
	}
	m, rest, err := parseList(text)
	if err == nil && rest != "" {
		err = fmt.Errorf("unexpected %q", rest)
	}
	return m, err
}

// parseList reads fields separated by commas.
func parseList(text string) (mask, string, error) {
	m := mask{}
	for {
		name, sub, rest, err := parseItem(text)
		if err != nil {
			return nil, "", err
		}
		m.add(name, sub)
		if !strings.HasPrefix(rest, ",") {
			return m, rest, nil
		}
		text = rest[1:]
	}
}

// parseItem reads one field: a name, a name with the fields kept of it in
// brackets, or a name, "/" and a field of it.
func parseItem(text string) (string, mask, string, error) {
	end := strings.IndexAny(text, ",()/")
	if end < 0 {
		end = len(text)
	}
	name, rest := strings.TrimSpace(text[:end]), text[end:]
	if name == "" {
		return "", nil, "", fmt.Errorf("a field has no name")
	}
	switch {
	case strings.HasPrefix(rest, "("):
		sub, rest, err := parseList(rest[1:])
		if err != nil {
			return "", nil, "", err
		}
		if !strings.HasPrefix(rest, ")") {
			return "", nil, "", fmt.Errorf("a bracket is not closed")
		}
		return name, sub, rest[1:], nil
	case strings.HasPrefix(rest, "/"):
		inner, sub, rest, err := parseItem(rest[1:])
		if err != nil {
			return "", nil, "", err
		}
		return name, mask{inner: sub}, rest, nil
	}
	return name, nil, rest, nil
}

// add keeps sub of the field name, besides what m already keeps of it.
func (m mask) add(name string, sub mask) {
	old, ok := m[name]
	switch {
	case !ok:
		m[name] = sub
	case old == nil || sub == nil:
		m[name] = nil
	default:
		for k, v := range sub {
			old.add(k, v)
		}
	}
}

// apply keeps only the masked fields of a JSON document.
func (m mask) apply(body []byte) ([]byte, error) {
	if m == nil {
		return body, nil
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(m.keep(v))
}

func (m mask) keep(v any) any {
	if m == nil {
		return v
	}
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, sub := range m {
			if x, ok := v[k]; ok {
				out[k] = sub.keep(x)
			}
		}
		return out
	case []any:
		for i := range v {
			v[i] = m.keep(v[i])
		}
		return v
	}
	return v
}
