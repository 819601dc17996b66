// Package enum is a fixture of the Stringers test.
package enum

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=Color -linecomment -output=color_string.go

// Color is a fixture.
type Color uint8

// Colors.
const (
	Red   Color = iota // red
	Green              // green
)
