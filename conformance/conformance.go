// Package conformance holds requests and the responses real Next.js 16 gave
// to them (golden/, recorded by recorder/record.mjs from cases/), and a test
// that replays every request against jsroutes and compares what a client
// can observe. Differences that are deliberate are listed, with their
// reasons, in KNOWN_DIFFERENCES.md and in known.json, which the test reads.
package conformance
