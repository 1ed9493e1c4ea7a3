package bridge

import "math/rand/v2"

// NewHandle returns a handle for a new entry of m: random in [1, 2^53) (an
// exact JS number) and not a key of m yet. Go names requests, fetches,
// timers and streams to the runtime by such handles, and JS objects that
// route code can take apart hold them: random handles cannot be guessed
// from one's own, so no request can name another's resources to Go.
// (math/rand/v2's global source is ChaCha8, seeded from the OS.)
func NewHandle[V any](m map[int64]V) int64 {
	for {
		id := 1 + rand.Int64N(1<<53-1)
		if _, taken := m[id]; !taken {
			return id
		}
	}
}
