package jsrt

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jsroutes/jsroutes/bundler"
)

// BuildError is an app that cannot start: a bundling error, a route
// file's invalid segment config, an invalid next.config, a
// generateStaticParams that throws. Each problem names its file (and
// line:column when it has a place), so that editors and CI logs can jump
// to it.
type BuildError struct {
	Problems []Problem
}

// Problem is one build problem.
type Problem struct {
	File   string // relative to the project root; "" when the problem has no file
	Line   int    // 1-based; 0 when unknown
	Column int    // 1-based
	Text   string
}

func (p Problem) String() string {
	switch {
	case p.File == "":
		return p.Text
	case p.Line == 0:
		return p.File + ": " + p.Text
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Text)
}

func (e *BuildError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return "build failed: " + strings.Join(parts, "; ")
}

// problem is a BuildError of one problem in file.
func problem(file, text string) *BuildError {
	return &BuildError{Problems: []Problem{{File: file, Text: text}}}
}

// buildError turns the bundler's error into a BuildError; any other error
// passes through.
func buildError(err error) error {
	var be *bundler.Error
	if !errors.As(err, &be) {
		return err
	}
	out := &BuildError{Problems: make([]Problem, len(be.Messages))}
	for i, m := range be.Messages {
		out.Problems[i] = Problem{File: m.File, Line: m.Line, Column: m.Column, Text: m.Text}
	}
	return out
}
