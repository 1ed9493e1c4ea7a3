package socket

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net"
	"time"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// tlsOptions are the node:tls options jsroutes applies.
type tlsOptions struct {
	config *tls.Config
	// verify checks the peer's chain against roots and the server name,
	// as Node does; with reject, a failure fails the handshake, without
	// it the socket connects with authorized false (rejectUnauthorized:
	// false).
	roots      *x509.CertPool // nil: the system's
	serverName string
	reject     bool
}

// tlsOptions reads {servername, ca, rejectUnauthorized, ALPNProtocols,
// cert, key, minVersion, maxVersion} as tls.js hands them (ca, cert and
// key as PEM strings).
func (s *Sockets) tlsOptions(o *goja.Object, host string) *tlsOptions {
	str := func(k string) string {
		if v := o.Get(k); v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
			return v.String()
		}
		return ""
	}
	t := &tlsOptions{serverName: str("servername"), reject: true}
	if v := o.Get("rejectUnauthorized"); v != nil && !goja.IsUndefined(v) {
		t.reject = v.ToBoolean()
	}
	if t.serverName == "" && net.ParseIP(host) == nil {
		t.serverName = host
	}
	var cas []string
	_ = s.rt.ExportTo(o.Get("ca"), &cas)
	if len(cas) > 0 {
		t.roots = x509.NewCertPool()
		for _, ca := range cas {
			t.roots.AppendCertsFromPEM([]byte(ca))
		}
	}
	cfg := &tls.Config{
		ServerName: t.serverName,
		// Verification is ours (see verify), so that rejectUnauthorized:
		// false still reports why a certificate was not trusted.
		InsecureSkipVerify: true,
		MinVersion:         tls.VersionTLS12,
	}
	var alpn []string
	_ = s.rt.ExportTo(o.Get("ALPNProtocols"), &alpn)
	cfg.NextProtos = alpn
	if cert, key := str("cert"), str("key"); cert != "" && key != "" {
		if pair, err := tls.X509KeyPair([]byte(cert), []byte(key)); err == nil {
			cfg.Certificates = []tls.Certificate{pair}
		} else {
			panic(s.rt.NewTypeError("tls: the client certificate and key do not load: " + err.Error()))
		}
	}
	switch str("minVersion") {
	case "TLSv1.3":
		cfg.MinVersion = tls.VersionTLS13
	case "TLSv1", "TLSv1.1":
		cfg.MinVersion = tls.VersionTLS10
	}
	if str("maxVersion") == "TLSv1.2" {
		cfg.MaxVersion = tls.VersionTLS12
	}
	t.config = cfg
	return t
}

// verify checks a handshake's peer chain as Node's default
// checkServerIdentity and chain verification do.
func (t *tlsOptions) verify(state tls.ConnectionState) error {
	if len(state.PeerCertificates) == 0 {
		return x509.UnknownAuthorityError{}
	}
	opts := x509.VerifyOptions{Roots: t.roots, DNSName: t.serverName, Intermediates: x509.NewCertPool()}
	for _, c := range state.PeerCertificates[1:] {
		opts.Intermediates.AddCert(c)
	}
	_, err := state.PeerCertificates[0].Verify(opts)
	return err
}

// handshake runs a client handshake on nc and checks the peer. It returns
// the TLS connection and its state; a certificate the options do not
// trust fails it unless rejectUnauthorized is false, when the state
// records why (see setTLSInfo).
func handshake(ctx context.Context, nc net.Conn, t *tlsOptions) (net.Conn, *tls.ConnectionState, error) {
	tc := tls.Client(nc, t.config)
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, nil, err
	}
	state := tc.ConnectionState()
	if err := t.verify(state); err != nil {
		if t.reject {
			tc.Close()
			return nil, nil, err
		}
		return &unverified{Conn: tc, err: err}, &state, nil
	}
	return tc, &state, nil
}

// unverified is a TLS connection whose peer was not trusted, kept open
// because rejectUnauthorized was false.
type unverified struct {
	*tls.Conn
	err error
}

// setTLSInfo adds what a TLSSocket reports once secure: authorized,
// authorizationError, alpnProtocol, protocol.
func (s *Sockets) setTLSInfo(info *goja.Object, nc net.Conn, state *tls.ConnectionState) {
	if u, ok := nc.(*unverified); ok {
		_ = info.Set("authorized", false)
		_ = info.Set("authorizationError", bridge.TLSError(u.err, "", 0).Code)
	} else {
		_ = info.Set("authorized", true)
	}
	if state.NegotiatedProtocol != "" {
		_ = info.Set("alpnProtocol", state.NegotiatedProtocol)
	} else {
		_ = info.Set("alpnProtocol", false)
	}
	switch state.Version {
	case tls.VersionTLS13:
		_ = info.Set("protocol", "TLSv1.3")
	case tls.VersionTLS12:
		_ = info.Set("protocol", "TLSv1.2")
	default:
		_ = info.Set("protocol", "TLSv1")
	}
	if len(state.PeerCertificates) > 0 {
		c := state.PeerCertificates[0]
		cert := s.rt.NewObject()
		_ = cert.Set("subject", map[string]any{"CN": c.Subject.CommonName})
		_ = cert.Set("issuer", map[string]any{"CN": c.Issuer.CommonName})
		_ = cert.Set("valid_from", c.NotBefore.UTC().Format(time.RFC1123))
		_ = cert.Set("valid_to", c.NotAfter.UTC().Format(time.RFC1123))
		_ = cert.Set("serialNumber", c.SerialNumber.Text(16))
		_ = cert.Set("raw", s.rt.NewArrayBuffer(c.Raw))
		_ = cert.Set("pem", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})))
		_ = info.Set("peerCertificate", cert)
	}
}

// startTLS(id, sink, tls) upgrades a connected socket to TLS (PostgreSQL's
// sslmode, SMTP's STARTTLS): the plain socket's reader is stopped between
// reads, the handshake runs on the same connection, and the TLS socket
// gets a new id; sink.onconnect (secure) or sink.onerror follows.
func (s *Sockets) startTLS(call goja.FunctionCall) goja.Value {
	old := s.conns[call.Argument(0).ToInteger()]
	sink := call.Argument(1).ToObject(s.rt)
	if old == nil || old.c == nil {
		panic(s.rt.NewTypeError("tls.connect: the socket is not connected"))
	}
	host := ""
	if a, ok := old.c.RemoteAddr().(*net.TCPAddr); ok {
		host = a.IP.String()
	}
	cfg := s.tlsOptions(call.Argument(2).ToObject(s.rt), host)
	c, err := s.register(sink)
	if err != nil {
		return s.rt.ToValue(0)
	}
	// The plain socket is handed over, not closed: its goroutines stop
	// (a read in progress is interrupted by a deadline in the past).
	s.forget(old.id)
	nc := old.c
	old.once.Do(func() { close(old.stop) })
	_ = nc.SetReadDeadline(time.Now())
	go func() {
		<-old.done
		_ = nc.SetReadDeadline(time.Time{})
		var err error
		if out := old.takeOut(); len(out) > 0 {
			_, err = nc.Write(out)
		}
		if err != nil {
			nc.Close()
			s.loop.Enqueue(func() { s.failed(c, bridge.NodeError(err, "write", host, 0)) })
			return
		}
		tc, state, err := handshake(s.ctx, nc, cfg)
		if err != nil {
			nc.Close()
			s.loop.Enqueue(func() { s.failed(c, bridge.TLSError(err, host, 0)) })
			return
		}
		s.loop.Enqueue(func() { s.connected(c, tc, state) })
	}()
	return s.rt.ToValue(c.id)
}
