// Package decode reads the JSON bodies sync sources receive and says what
// is wrong with a bad one in words a district's IT person can act on. It
// is shared by every kind of source and by the Summary API's reference
// server, so it depends on nothing but the standard library.
package decode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// JSON decodes data into v, or says in plain words what is wrong with it:
// empty, cut short, not JSON, or a value of the wrong type.
func JSON(data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return errors.New("the body is empty")
	}
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn) && syn.Offset >= int64(len(data)):
		return fmt.Errorf("the body ends in the middle of the JSON, after %d bytes; it was cut short", len(data))
	case errors.As(err, &syn) && bytes.HasPrefix(bytes.TrimSpace(data), []byte("<")):
		return errors.New("the body is a web page, not JSON; check the address")
	case errors.As(err, &syn):
		return fmt.Errorf("the body is not valid JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "the body"
		}
		return fmt.Errorf("%s is a %s where %s belongs (byte %d)", field, typ.Value, kindText(typ.Type), typ.Offset)
	}
	return fmt.Errorf("the body could not be read as JSON: %w", err)
}

func kindText(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Float64:
		return "a finite number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return t.String()
}
