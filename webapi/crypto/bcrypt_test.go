package crypto

import (
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// The hashes equal bcryptjs' (the wants below are bcryptjs 3.0.3's under
// Node 20) and verify with Go's x/crypto/bcrypt.
func TestBcryptHash(t *testing.T) {
	for _, tt := range []struct{ password, salt, want string }{
		{"pw", "$2a$04$abcdefghijklmnopqrstuu", "$2a$04$abcdefghijklmnopqrstuuyvPXIbu7xe6/CED2DzX8z6Si09MlzlW"},
		{"pw", "$2a$04$abcdefghijklmnopqrstuv", "$2a$04$abcdefghijklmnopqrstuuyvPXIbu7xe6/CED2DzX8z6Si09MlzlW"}, // the salt re-encoded
		{"pw", "$2b$05$XXXXXXXXXXXXXXXXXXXXX.", "$2b$05$XXXXXXXXXXXXXXXXXXXXX./HHI/2pbpOXsnA8Cu3R7/q5F9AKj0PC"},
		{string([]rune{'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é', 'é'}), "$2b$04$abcdefghijklmnopqrstuu", "$2b$04$abcdefghijklmnopqrstuuKiIlCeXB6chNXkLyAo8C7XcLPzh6zUe"}, // 80 bytes: truncated to 72
	} {
		got, err := bcryptHash([]byte(tt.password), tt.salt)
		if err != nil || got != tt.want {
			t.Errorf("bcryptHash(%q, %q) = %q, %v; want %q", tt.password, tt.salt, got, err, tt.want)
		}
		if len(tt.password) <= 72 {
			if err := bcrypt.CompareHashAndPassword([]byte(got), []byte(tt.password)); err != nil {
				t.Errorf("x/crypto/bcrypt rejects %q: %v", got, err)
			}
		}
	}
	if _, err := bcryptHash([]byte("x"), "$3a$04$abcdefghijklmnopqrstuu"); err == nil {
		t.Error("a bad salt version was accepted")
	}
}
