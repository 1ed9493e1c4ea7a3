package jsrt_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path"
	"sync"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/internal/servers"
	"github.com/jsroutes/jsroutes/jsrt"
)

// databasesDir is the fixture app whose routes use database drivers (pg,
// ioredis) on node:net; make test installs them with npm ci.
const databasesDir = "../fixtures/apps/databases"

// Real drivers against real servers on loopback, answer for answer as
// under Node.js (the fixture's scripts/node-side.mjs runs the same checks).
func TestDatabases(t *testing.T) {
	needPackages(t, databasesDir, "pg")
	pgURL := servers.Postgres(t, nil)
	certs := servers.NewTLS(t)
	tlsURL := servers.Postgres(t, certs.PostgresSSL(t))
	redisURL, _ := servers.Redis(t, 0)
	mysqlURL := servers.MariaDB(t)
	a := serveApp(t, databasesDir, jsrt.Options{Env: map[string]string{
		"DATABASE_URL": pgURL, "DATABASE_TLS_URL": tlsURL, "DATABASE_CA": certs.CA, "REDIS_URL": redisURL, "MYSQL_URL": mysqlURL,
	}})
	node := databasesNode(t, []any{"pgCheck", pgURL, "node_check"}, []any{"redisCheck", redisURL, "node:"}, []any{"pgTLSCheck", tlsURL, certs.CA},
		[]any{"postgresCheck", pgURL, "node_pgjs"}, []any{"mysqlCheck", mysqlURL, "node_check"}, []any{"pgPoolCheck", pgURL, "node_pool"}, []any{"pgClientCheck", pgURL}, []any{"pgPoolWaitCheck", pgURL, "node_wait"})

	for i, c := range []struct{ name, path string }{
		{"pg", "/api/pg?table=js_check"},
		{"ioredis", "/api/redis?prefix=js:"},
		{"pg over TLS with ssl.ca", "/api/pg-tls"},
		{"postgres.js and drizzle-orm", "/api/postgres?table=js_pgjs"},
		{"mysql2 on MariaDB", "/api/mysql?table=js_check"},
		{"pg's Pool, its queries on Go", "/api/pg-pool?table=js_pool"},
		{"pg's Client, its queries on Go", "/api/pg-client"},
		{"pg's Pool, its queries waiting in Go", "/api/pg-pool-wait?seq=js_wait"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := a.get(c.path)
			if got.Status != 200 {
				t.Fatalf("%d %s", got.Status, got.Body)
			}
			sameJSON(t, c.name, got.Body, string(node[i]))
		})
	}
	t.Run("pg's Pool runs its plain queries on Go", func(t *testing.T) {
		got := a.get("/api/pg-on-go")
		if want := `{"plain":true,"simple":true,"overTLS":true,"named":false,"tooManyValues":true,"afterTooMany":true,"client":true}`; got.Status != 200 || got.Body != want {
			t.Fatalf("%d %s, want %s", got.Status, got.Body, want)
		}
	})
	t.Run("jsonwebtoken RS256, each side verifying the other's", func(t *testing.T) {
		priv, pub := rsaKeyPEM(t)
		var nodeOut struct{ Token string }
		_ = json.Unmarshal(databasesNode(t, []any{"jwtCheck", priv, pub, nil})[0], &nodeOut)
		got := a.postJSON("/api/jwt", map[string]any{"privateKey": priv, "publicKey": pub, "foreignToken": nodeOut.Token})
		if got.Status != 200 {
			t.Fatalf("%d %s", got.Status, got.Body)
		}
		var jsOut struct{ Token string }
		_ = json.Unmarshal([]byte(got.Body), &jsOut)
		// RS256 signatures are deterministic: the same token on both sides.
		sameJSON(t, "jwt", got.Body, string(databasesNode(t, []any{"jwtCheck", priv, pub, jsOut.Token})[0]))
	})
	t.Run("stripe, node:http(s), zlib and fs", func(t *testing.T) {
		args := nodeCheckArgs(t, certs)
		got := a.postJSON("/api/node", args)
		if got.Status != 200 {
			t.Fatalf("%d %s", got.Status, got.Body)
		}
		sameJSON(t, "node", got.Body, string(databasesNode(t, []any{"nodeCheck", args})[0]))
	})
	t.Run("50 requests share one pool", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make(chan error, 50)
		for i := 1; i <= 50; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got := a.get(fmt.Sprintf("/api/pool?id=%d", i))
				if want := fmt.Sprintf(`{"id":%d,"pad":%d}`, i, i); got.Status != 200 || got.Body != want {
					errs <- fmt.Errorf("id %d: %d %s, want %s", i, got.Status, got.Body, want)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}

// nodeCheckArgs starts the loopback servers nodeCheck talks to: a stand-in
// for api.stripe.com over TLS (certificate signed by certs' CA) and a plain
// HTTP echo server; and signs a webhook payload as Stripe does
// (t=<unix>,v1=hex(HMAC-SHA256(secret, "<unix>.<payload>"))).
func nodeCheckArgs(t *testing.T, certs servers.TLS) map[string]any {
	api := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Authorization") != "Bearer sk_test_jsroutes" {
			w.WriteHeader(401)
			_, _ = io.WriteString(w, `{"error":{"type":"invalid_request_error","message":"bad key"}}`)
			return
		}
		if r.Method == "POST" && r.URL.Path == "/v1/customers" {
			_ = r.ParseForm()
			out, _ := json.Marshal(map[string]any{"id": "cus_123", "object": "customer", "email": r.PostForm.Get("email"),
				"metadata": map[string]string{"via": r.PostForm.Get("metadata[via]")}, "contentType": r.Header.Get("Content-Type")})
			_, _ = w.Write(out)
			return
		}
		w.WriteHeader(404)
		_, _ = io.WriteString(w, `{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such customer: '`+path.Base(r.URL.Path)+`'"}}`)
	}))
	cert, err := tls.X509KeyPair([]byte(certs.Cert), []byte(certs.Key))
	if err != nil {
		t.Fatal(err)
	}
	api.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	api.StartTLS()
	t.Cleanup(api.Close)
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Add("Set-Cookie", "a=1")
		w.Header().Add("Set-Cookie", "b=2")
		w.WriteHeader(201)
		fmt.Fprintf(w, "%s %s x-check=%s body=%s", r.Method, r.URL.RequestURI(), r.Header.Get("X-Check"), body)
	}))
	t.Cleanup(echo.Close)
	const secret = "whsec_jsroutes_databases"
	payload := `{"id":"evt_1","object":"event","type":"checkout.session.completed","data":{"object":{}}}`
	ts := fmt.Sprint(time.Now().Unix())
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "." + payload))
	_, port, _ := net.SplitHostPort(api.Listener.Addr().String())
	return map[string]any{"apiPort": port, "httpURL": echo.URL, "ca": certs.CA, "secret": secret, "payload": payload,
		"header": "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil))}
}

// databasesNode runs checks under Node.js and returns their answers.
func databasesNode(t *testing.T, calls ...[]any) []json.RawMessage {
	t.Helper()
	in, _ := json.Marshal(calls)
	cmd := exec.Command("node", "scripts/node-side.mjs")
	cmd.Dir = databasesDir
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var results []json.RawMessage
	if err := json.Unmarshal(out, &results); err != nil || len(results) != len(calls) {
		t.Fatalf("node answered %s (%v)", out, err)
	}
	return results
}

// rsaKeyPEM is a fresh RSA key pair as PKCS#8 and SPKI PEM.
func rsaKeyPEM(t *testing.T) (string, string) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(k)
	pubDER, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}))
}
