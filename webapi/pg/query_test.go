package pg

import (
	"testing"

	"github.com/dop251/goja"
)

// A command tag is read as pg's Result#addCommandComplete reads it, with
// /^([A-Za-z]+)(?: (\d+))?(?: (\d+))?/: the first word is the command, one
// number the row count, two numbers the OID and the row count; what does
// not match leaves them null. The expectations are that regular
// expression's (checked in Node).
func TestCommandTag(t *testing.T) {
	for _, c := range []struct {
		tag                string
		command, oid, rows any
	}{
		{"SELECT 1", "SELECT", nil, int64(1)},
		{"INSERT 0 2", "INSERT", int64(0), int64(2)},
		{"UPDATE 10", "UPDATE", nil, int64(10)},
		{"CREATE TABLE", "CREATE", nil, nil},
		{"BEGIN", "BEGIN", nil, nil},
		{"COPY 5", "COPY", nil, int64(5)},
		{"SELECT 12345678901234567890", "SELECT", nil, 12345678901234567890.0},
		{"SELECT 1x", "SELECT", nil, int64(1)},
		{"FETCH 1 2 3", "FETCH", int64(1), int64(2)},
		{"ALTER  5", "ALTER", nil, nil},
		{"123", nil, nil, nil},
		{"", nil, nil, nil},
	} {
		q := &query{rt: goja.New()}
		q.results = []*result{q.newResult()}
		q.complete(c.tag)
		res := q.cur()
		for _, f := range []struct {
			name string
			got  goja.Value
			want any
		}{{"command", res.command, c.command}, {"oid", res.oid, c.oid}, {"rowCount", res.rowCount, c.rows}} {
			if got := f.got.Export(); got != f.want {
				t.Errorf("%q: %s = %#v, want %#v", c.tag, f.name, got, f.want)
			}
		}
	}
}
