package polyfills

//go:generate go run ./gen
