package scenario

import (
	"bytes"
	"encoding"
	"errors"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ccefsm/ccefsm"
	"go.yaml.in/yaml/v3"
)

// This file is the strict reading of YAML nodes: every value is read from
// a yaml.Node, so that each refusal names the line, the column and the
// field it is about.

// decoder reads one scenario file. Refusals panic with a *failure, which
// Decode recovers: the first refusal ends the decoding.
type decoder struct {
	file  string
	lines int // in the file, counted as YAML counts them
}

type failure struct{ err *Error }

// fail stops the decoding with a refusal at node n (nil: no place).
func (d *decoder) fail(n *yaml.Node, field string, sentinel, cause error, reason string) {
	e := &Error{File: d.file, Field: field, Reason: reason, Err: sentinel, Cause: cause}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
		if e.Line > d.lines {
			// The parser places an empty value at the end of the file
			// just past its last line.
			e.Line, e.Column = d.lines, 0
		}
	}
	panic(failure{e})
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// parse reads data as exactly one YAML document and returns its root
// mapping.
func (d *decoder) parse(data []byte) *yaml.Node {
	d.lines = countLines(data)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.fail(nil, "", ErrSyntax, nil, "empty file: a scenario is a YAML mapping")
		}
		d.syntax(data, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			d.syntax(data, err)
		}
		n := &extra
		if len(extra.Content) > 0 {
			n = extra.Content[0]
		}
		d.fail(n, "", ErrSyntax, nil, "more than one YAML document: a scenario is one")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		d.fail(&doc, "", ErrSyntax, nil, "not a YAML mapping")
	}
	d.check(doc.Content[0], "")
	return doc.Content[0]
}

// syntax stops the decoding with the parser's error err, at its line.
func (d *decoder) syntax(data []byte, err error) {
	line, col := 0, 0
	reason := err.Error()
	if m := yamlLine.FindStringSubmatch(reason); m != nil {
		line, _ = strconv.Atoi(m[1])
		reason = m[2]
	}
	if line == 0 {
		// The reader's errors (bad UTF-8, control characters) carry no
		// line: find the byte at fault.
		line, col = badByte(data)
	}
	line = min(line, d.lines)
	panic(failure{&Error{File: d.file, Line: line, Column: col, Reason: reason, Err: ErrSyntax, Cause: err}})
}

// next returns the rune at data[i], its size, and whether it ends a line
// as YAML counts lines: \n, \r, NEL, LS and PS each end one, and \r\n is
// one line break (ended at its \n).
func next(data []byte, i int) (r rune, size int, eol bool) {
	r, size = utf8.DecodeRune(data[i:])
	switch r {
	case '\n', 0x85, 0x2028, 0x2029:
		return r, size, true
	case '\r':
		return r, size, i+1 == len(data) || data[i+1] != '\n'
	}
	return r, size, false
}

// countLines counts the lines of data as YAML does.
func countLines(data []byte) int {
	n := 1
	for i := 0; i < len(data); {
		_, size, eol := next(data, i)
		if eol {
			n++
		}
		i += size
	}
	return n
}

// printable reports whether rune r, of size bytes at offset i, may appear
// in a YAML stream (YAML 1.2, §5.1): tab, line breaks, the printable ASCII
// and Unicode ranges; a byte order mark only at the start; never a byte
// that is not UTF-8.
func printable(r rune, size, i int) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return false
	case r == 0xfeff:
		return i == 0
	}
	return r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0x7e) || r == 0x85 ||
		(r >= 0xa0 && r <= 0xd7ff) || (r >= 0xe000 && r <= 0xfffd) || r >= 0x10000
}

// badByte returns the line and column of the first character of data that
// YAML does not allow (see printable), and line 1, column 1 when there is
// none.
func badByte(data []byte) (line, col int) {
	line, col = 1, 1
	for i := 0; i < len(data); {
		r, size, eol := next(data, i)
		if !printable(r, size, i) {
			return line, col
		}
		if eol {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return 1, 1
}

// check refuses, anywhere under n, the YAML features a scenario does not
// use: anchors, aliases and tags other than YAML's own. field is n's path.
func (d *decoder) check(n *yaml.Node, field string) {
	if n.Anchor != "" || n.Kind == yaml.AliasNode {
		d.fail(n, field, ErrSyntax, nil, "anchors and aliases are not supported in scenarios")
	}
	switch n.Tag {
	case "", "!!str", "!!int", "!!float", "!!bool", "!!null", "!!timestamp", "!!map", "!!seq":
	default:
		d.fail(n, field, ErrSyntax, nil, "tag "+strconv.Quote(n.Tag)+" is not supported in scenarios")
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			d.check(k, field)
			sub := k.Value
			if field != "" {
				sub = field + "." + k.Value
			}
			d.check(n.Content[i+1], sub)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			d.check(c, index(field, i))
		}
	}
}

// lookup returns the value of key in mapping n, or nil, without checking
// the other keys.
func (d *decoder) lookup(n *yaml.Node, path, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, ErrSyntax, nil, "want a mapping (key: value lines), found "+kindName(n))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// fields is a YAML mapping whose keys have been checked against a list.
type fields struct {
	d    *decoder
	node *yaml.Node
	path string
	keys []string // in file order
	vals map[string]*yaml.Node
}

// mapping checks that n is a mapping whose keys are all in allowed, each
// once, and returns it.
func (d *decoder) mapping(n *yaml.Node, path string, allowed ...string) *fields {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, ErrSyntax, nil, "want a mapping (key: value lines), found "+kindName(n))
	}
	f := &fields{d: d, node: n, path: path, vals: make(map[string]*yaml.Node, len(n.Content)/2)}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.fail(k, path, ErrSyntax, nil, "a key must be a plain name")
		}
		if _, dup := f.vals[k.Value]; dup {
			d.fail(k, f.sub(k.Value), ErrSyntax, nil, "given twice")
		}
		ok := false
		for _, a := range allowed {
			if a == k.Value {
				ok = true
				break
			}
		}
		if !ok {
			d.fail(k, f.sub(k.Value), ErrUnknownField, nil, "unknown field "+strconv.Quote(k.Value)+unknownHint(path, allowed))
		}
		f.vals[k.Value] = v
		f.keys = append(f.keys, k.Value)
	}
	return f
}

func unknownHint(path string, allowed []string) string {
	if len(allowed) == 0 {
		return ""
	}
	where := path
	if where == "" {
		where = "the top level"
	}
	return " (" + where + " takes " + strings.Join(allowed, ", ") + ")"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return strconv.Quote(n.Value)
	}
	return "something else"
}

func (f *fields) sub(k string) string {
	if f.path == "" {
		return k
	}
	return f.path + "." + k
}

// get returns the value of key k, or nil.
func (f *fields) get(k string) *yaml.Node { return f.vals[k] }

// has reports whether key k is present.
func (f *fields) has(k string) bool { return f.vals[k] != nil }

// need returns the value of key k, refusing its absence.
func (f *fields) need(k string) *yaml.Node {
	v := f.vals[k]
	if v == nil {
		f.d.fail(f.node, f.sub(k), ErrMissingField, nil, "missing field "+strconv.Quote(k))
	}
	return v
}

// scalar returns the text of a scalar node, refusing lists, mappings and
// empty values.
func (d *decoder) scalar(n *yaml.Node, field string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.fail(n, field, ErrSyntax, nil, "want a value, found "+kindName(n))
	}
	return n.Value
}

// typed returns the text of a scalar node of YAML type tag (!!str,
// !!int or !!bool, as the node resolves: a quoted scalar is a string, an
// unquoted 42 an integer, an unquoted true a boolean), refusing a value of
// another type with ErrSyntax: "2" where a number belongs, "true" where a
// boolean belongs, 42 where text belongs. want names the type expected.
func (d *decoder) typed(n *yaml.Node, field, tag, want string) string {
	s := d.scalar(n, field)
	if got := n.ShortTag(); got != tag {
		reason := "want " + want + ", found " + typeName(got) + " " + s
		switch {
		case got == "!!str" && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
			reason = "want " + want + ", found the quoted string " + strconv.Quote(s) + " (write it without quotes)"
		case got == "!!str":
			reason = "want " + want + ", found the string " + strconv.Quote(s)
		case tag == "!!str":
			reason += " (quote it: " + strconv.Quote(s) + ")"
		}
		d.fail(n, field, ErrSyntax, nil, reason)
	}
	return s
}

// typeName names the YAML type of a resolved tag.
func typeName(tag string) string {
	switch tag {
	case "!!int":
		return "the whole number"
	case "!!float":
		return "the number"
	case "!!bool":
		return "the boolean"
	case "!!timestamp":
		return "the timestamp"
	}
	return "the " + strings.TrimPrefix(tag, "!!")
}

// str reads a string: a quoted scalar, or a plain one that YAML resolves
// to a string (name: 42 and name: true are a number and a boolean, and are
// refused).
func (d *decoder) str(n *yaml.Node, field string) string {
	return d.typed(n, field, "!!str", "a string")
}

// uint reads a decimal unsigned number of at most bits bits, written as
// a YAML integer (id: 2, not id: "2").
func (d *decoder) uint(n *yaml.Node, field string, bits int) uint64 {
	s := d.typed(n, field, "!!int", "a whole number")
	v, err := strconv.ParseUint(s, 10, bits)
	if err != nil || s != strconv.FormatUint(v, 10) {
		d.fail(n, field, ErrInvalidValue, nil, strconv.Quote(s)+" is not a whole number from 0 to "+strconv.FormatUint(1<<bits-1, 10))
	}
	return v
}

// id reads a non-zero 32-bit ID.
func (d *decoder) id(n *yaml.Node, field string) uint32 {
	v := d.uint(n, field, 32)
	if v == 0 {
		d.fail(n, field, ErrUnknownElement, nil, "0 is not a valid ID")
	}
	return uint32(v)
}

// id64 reads a non-zero 64-bit ID.
func (d *decoder) id64(n *yaml.Node, field string) uint64 {
	v := d.uint(n, field, 64)
	if v == 0 {
		d.fail(n, field, ErrUnknownElement, nil, "0 is not a valid ID")
	}
	return v
}

// ids reads a list of non-zero 32-bit IDs.
func (d *decoder) ids(n *yaml.Node, field string) []uint32 {
	items := d.list(n, field)
	out := make([]uint32, 0, len(items))
	for i, it := range items {
		out = append(out, d.id(it, index(field, i)))
	}
	return out
}

// list returns the items of a sequence node.
func (d *decoder) list(n *yaml.Node, field string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		d.fail(n, field, ErrSyntax, nil, "want a list, found "+kindName(n))
	}
	return n.Content
}

func index(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

// boolean reads true or false, written as a YAML boolean (not "true").
func (d *decoder) boolean(n *yaml.Node, field string) bool {
	switch d.typed(n, field, "!!bool", "a boolean (true or false)") {
	case "true":
		return true
	case "false":
		return false
	}
	d.fail(n, field, ErrInvalidValue, nil, strconv.Quote(n.Value)+" is not true or false")
	return false
}

// text reads a value through an UnmarshalText of the library.
func (d *decoder) text(n *yaml.Node, field string, v encoding.TextUnmarshaler, what string) {
	s := d.scalar(n, field)
	if err := v.UnmarshalText([]byte(s)); err != nil {
		d.fail(n, field, ErrInvalidValue, err, strconv.Quote(s)+" is not "+what)
	}
}

// duration reads a Go duration ("90s", "20m", "1h5m30s") of at least min.
func (d *decoder) duration(n *yaml.Node, field string, min time.Duration) time.Duration {
	s := d.scalar(n, field)
	v, err := time.ParseDuration(s)
	if err != nil {
		d.fail(n, field, ErrInvalidTime, err, strconv.Quote(s)+" is not a duration such as 90s, 20m or 1h5m30s")
	}
	if v < min {
		d.fail(n, field, ErrInvalidTime, nil, "the duration "+s+" is below "+min.String())
	}
	return v
}

// The instants the engine holds: Unix nanoseconds, with room for the
// longest MRD attribute after them (failover's own bound).
var (
	minInstant = time.Unix(0, math.MinInt64).UTC()
	maxInstant = time.Unix(0, math.MaxInt64-int64(ccefsm.MaxAttribute)).UTC()
)

// absolute reads an RFC 3339 instant.
func (d *decoder) absolute(n *yaml.Node, field string) time.Time {
	s := d.scalar(n, field)
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		d.fail(n, field, ErrInvalidTime, err, strconv.Quote(s)+" is not an RFC 3339 instant such as 2026-03-02T09:00:00Z")
	}
	return d.inRange(n, field, t)
}

func (d *decoder) inRange(n *yaml.Node, field string, t time.Time) time.Time {
	if t.Before(minInstant) || t.After(maxInstant) {
		d.fail(n, field, ErrInvalidTime, nil, t.UTC().Format(time.RFC3339)+" is out of the range the engine holds ("+
			minInstant.Format("2006")+" to "+maxInstant.Format("2006")+")")
	}
	return t.UTC()
}

// beforeStart lets instant accept instants before the start (an interval
// start, which may precede it).
const beforeStart = 1

// instant reads an instant of the scenario: RFC 3339, or a Go duration
// after start. It refuses instants before start unless flags has
// beforeStart.
func (d *decoder) instant(n *yaml.Node, field string, start time.Time, flags int) time.Time {
	s := d.scalar(n, field)
	if v, err := time.ParseDuration(s); err == nil {
		if v < 0 && flags&beforeStart == 0 {
			d.fail(n, field, ErrInvalidTime, nil, "the offset "+s+" is negative: offsets count from the start")
		}
		return d.inRange(n, field, start.Add(v))
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		d.fail(n, field, ErrInvalidTime, err, strconv.Quote(s)+" is neither an offset from the start (a Go duration such as 10m or 1h5m30s) nor an RFC 3339 instant")
	}
	t = d.inRange(n, field, t)
	if t.Before(start) && flags&beforeStart == 0 {
		d.fail(n, field, ErrInvalidTime, nil, t.Format(time.RFC3339Nano)+" is before the start, "+start.Format(time.RFC3339Nano))
	}
	return t
}
