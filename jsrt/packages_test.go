package jsrt_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/jsroutes/jsroutes/jsrt"
)

// packagesDir is the fixture app that imports popular npm packages
// (zod, jose, nanoid, uuid, date-fns, stripe, ms); make test installs them
// with npm ci.
const packagesDir = "../fixtures/apps/packages"

// packagesApp serves the fixture, or skips when its packages or Node are
// not installed (see needPackagesAndNode).
func packagesApp(t *testing.T, env map[string]string) *app {
	t.Helper()
	needPackagesAndNode(t)
	return serveApp(t, packagesDir, jsrt.Options{Env: env})
}

// needPackagesAndNode skips when the fixture's packages or Node are not
// installed, unless JSROUTES_REQUIRE_PACKAGES is set (make test sets it
// after npm ci), when that is a failure.
func needPackagesAndNode(t *testing.T) {
	t.Helper()
	needPackages(t, packagesDir, "jose")
	if _, err := exec.LookPath("node"); err != nil {
		if os.Getenv("JSROUTES_REQUIRE_PACKAGES") != "" {
			t.Fatalf("the packages fixture needs node on PATH (JSROUTES_REQUIRE_PACKAGES is set)")
		}
		t.Skip("the packages fixture's checks need node on PATH")
	}
}

// nodeSide runs the same code in Node.js (scripts/node-side.mjs): each call
// is a command and its arguments; the results come back in order.
func nodeSide(t *testing.T, calls ...[]any) []json.RawMessage {
	t.Helper()
	in, _ := json.Marshal(calls)
	cmd := exec.Command("node", "scripts/node-side.mjs")
	cmd.Dir = packagesDir
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("node %s: %v\n%s", in, err, stderr)
	}
	var results []json.RawMessage
	if err := json.Unmarshal(out, &results); err != nil || len(results) != len(calls) {
		t.Fatalf("node %s answered %s (%v)", in, out, err)
	}
	return results
}

// text is a JSON string result as Go text.
func text(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

func (a *app) postJSON(path string, v any) result {
	b, _ := json.Marshal(v)
	return a.do("POST", path, bytes.NewReader(b), "Content-Type", "application/json")
}

func sameJSON(t *testing.T, what, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("%s: jsroutes answered %q: %v", what, got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("%s: node answered %q: %v", what, want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s differs from Node.js:\njsroutes %s\nnode     %s", what, got, want)
	}
}

// TestNpmPackagesAnswerAsInNode runs the same code with the same packages in
// jsroutes and in Node.js: deterministic results (HS256, RS256 and EdDSA
// JWTs, JWK thumbprints, zod issues, date-fns, uuid v5, ms) must match byte
// for byte.
func TestNpmPackagesAnswerAsInNode(t *testing.T) {
	a := packagesApp(t, nil)
	res := a.get("/api/checks")
	if res.Status != 200 {
		t.Fatalf("GET /api/checks: %d %s", res.Status, res.Body)
	}
	sameJSON(t, "deterministic results", res.Body, string(nodeSide(t, []any{"checks"})[0]))
}

func TestZodErrorsAre400JSON(t *testing.T) {
	a := packagesApp(t, nil)
	bodies := []string{
		`{"name":"Grace","email":"grace@example.com","tags":["navy"]}`,
		`{"name":"G","email":"not an email","age":1.5}`,
		`{"email":42}`,
	}
	var calls [][]any
	for _, body := range bodies {
		calls = append(calls, []any{"users", json.RawMessage(body)})
	}
	answers := nodeSide(t, calls...)
	for i, body := range bodies {
		res := a.do("POST", "/api/users", strings.NewReader(body), "Content-Type", "application/json")
		var node struct {
			Status int
			Body   json.RawMessage
		}
		_ = json.Unmarshal(answers[i], &node)
		if res.Status != node.Status || res.Header.Get("Content-Type") != "application/json" {
			t.Errorf("POST %s: %d %s, want %d application/json", body, res.Status, res.Header.Get("Content-Type"), node.Status)
		}
		sameJSON(t, "POST "+body, res.Body, string(node.Body))
	}
}

// TestJoseJWTsCrossBetweenNodeAndJsroutes signs with one and verifies with
// the other, for each algorithm family (HMAC, RSA PKCS#1 and PSS, ECDSA,
// Ed25519), and decrypts in jsroutes a JWE (RSA-OAEP-256 + A256GCM) that
// Node encrypted.
func TestJoseJWTsCrossBetweenNodeAndJsroutes(t *testing.T) {
	a := packagesApp(t, nil)
	claims := map[string]any{"sub": "user-42", "scope": "read write"}
	claimsJSON, _ := json.Marshal(claims)
	want := func(alg string) string { return `{"alg":"` + alg + `","payload":` + string(claimsJSON) + `}` }
	algs := []string{"HS256", "RS256", "PS256", "ES256", "EdDSA"}

	// Node signs with each algorithm and encrypts a JWE; jsroutes signs too.
	var nodeCalls, verifyCalls [][]any
	ours := map[string]string{}
	for _, alg := range algs {
		nodeCalls = append(nodeCalls, []any{"sign", alg, claims})
		signed := a.postJSON("/api/jwt/sign", map[string]any{"alg": alg, "claims": claims})
		if signed.Status != 200 || strings.Count(signed.Body, ".") != 2 {
			t.Fatalf("%s sign: %d %s", alg, signed.Status, signed.Body)
		}
		ours[alg] = signed.Body
		verifyCalls = append(verifyCalls, []any{"verify", alg, signed.Body})
	}
	nodeTokens := nodeSide(t, append(nodeCalls, []any{"encrypt", claims})...)
	nodeVerdicts := nodeSide(t, verifyCalls...)

	for i, alg := range algs {
		t.Run(alg, func(t *testing.T) {
			a.t = t
			sameJSON(t, "Node verifying the jsroutes token", string(nodeVerdicts[i]), want(alg))
			token := text(nodeTokens[i])
			verified := a.postJSON("/api/jwt/verify", map[string]any{"alg": alg, "token": token})
			if verified.Status != 200 {
				t.Fatalf("verify a Node token: %d %s", verified.Status, verified.Body)
			}
			sameJSON(t, "jsroutes verifying the Node token", verified.Body, want(alg))

			parts := strings.Split(token, ".")
			forged := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"admin"}`)) + "." + parts[2]
			if res := a.postJSON("/api/jwt/verify", map[string]any{"alg": alg, "token": forged}); res.Status != 401 || !strings.Contains(res.Body, "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") {
				t.Errorf("forged token: %d %s, want 401 ERR_JWS_SIGNATURE_VERIFICATION_FAILED", res.Status, res.Body)
			}
		})
	}
	a.t = t
	res := a.do("POST", "/api/jwe", strings.NewReader(text(nodeTokens[len(algs)])))
	if res.Status != 200 {
		t.Fatalf("JWE: %d %s", res.Status, res.Body)
	}
	sameJSON(t, "decrypted JWE", res.Body, string(claimsJSON))
}

// TestNpmPackagesPrebuilt serves the fixture as `jsroutes build` leaves it,
// away from its node_modules: the .wasm files tiktoken's, sql.js's and
// rollup's Node glue read beside them with node:fs are carried in the
// bundle's files, and the answers are still Node's.
func TestNpmPackagesPrebuilt(t *testing.T) {
	needPackagesAndNode(t)
	out := t.TempDir()
	if _, err := jsrt.Build(context.Background(), jsrt.BuildOptions{Dir: packagesDir, Out: out}); err != nil {
		t.Fatal(err)
	}
	a := serveApp(t, out, jsrt.Options{})
	res := a.get("/api/checks")
	if res.Status != 200 {
		t.Fatalf("GET /api/checks: %d %s", res.Status, res.Body)
	}
	sameJSON(t, "deterministic results, prebuilt", res.Body, string(nodeSide(t, []any{"checks"})[0]))
}

// TestStripeWebhookSignedByNodeVerifies checks the webhook a Stripe
// signature header made by stripe-node in Node.js (as Stripe makes it)
// verifies, and that a wrong secret or a changed payload is refused.
func TestStripeWebhookSignedByNodeVerifies(t *testing.T) {
	a := packagesApp(t, nil)
	payload := `{"id":"evt_jsroutes_1","object":"event","type":"checkout.session.completed","data":{"object":{}}}`
	header := text(nodeSide(t, []any{"stripe-header", payload})[0])
	res := a.do("POST", "/api/webhook", strings.NewReader(payload), "Stripe-Signature", header)
	sameJSON(t, "webhook", res.Body, `{"received":true,"id":"evt_jsroutes_1","type":"checkout.session.completed"}`)
	changed := strings.Replace(payload, "completed", "expired", 1)
	res = a.do("POST", "/api/webhook", strings.NewReader(changed), "Stripe-Signature", header)
	if res.Status != 400 || !strings.Contains(res.Body, "StripeSignatureVerificationError") {
		t.Errorf("changed payload: %d %s, want 400 StripeSignatureVerificationError", res.Status, res.Body)
	}
}

// TestStripeAPICallGoesThroughFetch points the stripe client at a loopback
// stand-in for api.stripe.com and checks the request it makes.
func TestStripeAPICallGoesThroughFetch(t *testing.T) {
	var got *http.Request
	var form url.Values
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		b, _ := io.ReadAll(r.Body)
		form, _ = url.ParseQuery(string(b))
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"cus_123","object":"customer","email":"`+form.Get("email")+`"}`)
	}))
	defer upstream.Close()
	u, _ := url.Parse(upstream.URL)
	a := packagesApp(t, map[string]string{"STRIPE_HOST": u.Hostname(), "STRIPE_PORT": u.Port()})
	res := a.postJSON("/api/customers", map[string]string{"email": "ada@example.com"})
	sameJSON(t, "customer", res.Body, `{"id":"cus_123","email":"ada@example.com"}`)
	if got == nil {
		t.Fatal("the stripe client made no request")
	}
	if got.Method != "POST" || got.URL.Path != "/v1/customers" || got.Header.Get("Authorization") != "Bearer sk_test_jsroutes" || form.Get("metadata[via]") != "jsroutes" {
		t.Errorf("stripe request: %s %s auth=%q form=%v", got.Method, got.URL.Path, got.Header.Get("Authorization"), form)
	}
}
