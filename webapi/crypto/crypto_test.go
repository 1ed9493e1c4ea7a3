package crypto

import (
	"regexp"
	"testing"
)

func TestUUID4(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		u := uuid4()
		if !re.MatchString(u) || seen[u] {
			t.Fatalf("uuid4() = %q", u)
		}
		seen[u] = true
	}
}
