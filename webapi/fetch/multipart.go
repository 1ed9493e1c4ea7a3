package fetch

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// installMultipart adds parseMultipart(buffer, offset, length, contentType),
// behind Body.formData() for multipart/form-data: Go's mime/multipart reads
// the parts. Each entry comes back as [name, value] for a field or
// [name, ArrayBuffer, filename, type] for a file. A malformed body throws
// the TypeError the Fetch standard asks for. Many small parts cost far
// more as JS values than as bytes, so their number is weighed against the
// budget before the values are made.
func installMultipart(rt *goja.Runtime, host *goja.Object, budget *bridge.Budget) {
	bridge.Set(rt, host, "parseMultipart", func(call goja.FunctionCall) goja.Value {
		body := bridge.ArrayBufferBytes(rt, call.Argument(0), call.Argument(1).ToInteger(), call.Argument(2).ToInteger())
		entries, err := parseMultipart(body, call.Argument(3).String())
		if err != nil {
			bridge.ThrowTypeError(rt, "Failed to parse body as FormData: "+err.Error())
		}
		if e := budget.Refusal(rt, float64(len(entries))*formEntryBytes+float64(len(body)), "Failed to parse body as FormData: too many parts"); e != nil {
			panic(e)
		}
		out := make([]any, len(entries))
		for i, e := range entries {
			if e.File {
				out[i] = rt.NewArray(e.Name, rt.NewArrayBuffer(e.Data), e.Filename, e.Type)
			} else {
				out[i] = rt.NewArray(e.Name, string(e.Data))
			}
		}
		return rt.NewArray(out...)
	})
}

// formEntryBytes is what one entry costs as JS values, about (two arrays,
// strings, an ArrayBuffer object, the FormData's own record).
const formEntryBytes = 600

// formEntry is one part of a multipart/form-data body.
type formEntry struct {
	Name     string
	File     bool // a file part (it has a filename)
	Filename string
	Type     string // the file's Content-Type
	Data     []byte
}

// parseMultipart parses a whole multipart/form-data body.
func parseMultipart(body []byte, contentType string) ([]formEntry, error) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil || mediaType != "multipart/form-data" {
		return nil, errors.New("the Content-Type is not multipart/form-data")
	}
	boundary := params["boundary"]
	if boundary == "" {
		return nil, errors.New("the Content-Type has no boundary")
	}
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	var out []formEntry
	for {
		p, err := r.NextRawPart()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, err
		}
		_, dparams, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		if err != nil {
			return nil, errors.New("a part has no valid Content-Disposition")
		}
		name, hasName := dparams["name"]
		if !hasName {
			return nil, errors.New("a part has no name")
		}
		e := formEntry{Name: name, Data: data}
		if filename, ok := dparams["filename"]; ok {
			e.File = true
			e.Filename = filename
			e.Type = p.Header.Get("Content-Type")
			if e.Type == "" {
				e.Type = "text/plain"
			}
		}
		out = append(out, e)
	}
}
