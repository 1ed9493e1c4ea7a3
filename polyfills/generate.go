package polyfills

//go:generate go run ./gen
//go:generate go run ./gen/scripts
