package bridge

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"syscall"

	"github.com/dop251/goja"
)

// The errors of Node's network modules (node:net, node:tls, node:dns,
// node:http), which the families that offer them share.

// Error is a socket error as Node reports one: an Error with code, errno,
// syscall and the peer's address and port.
type Error struct {
	Code     string
	Errno    int
	Syscall  string
	Address  string
	Port     int
	Hostname string
	Message  string
	Reason   string // TLS: what was wrong with the certificate
}

func (e *Error) Error() string { return e.Message }

// Value is the error as the JS half receives it, to make an Error of.
func (e *Error) Value(rt *goja.Runtime) goja.Value {
	o := rt.NewObject()
	_ = o.Set("message", e.Message)
	_ = o.Set("code", e.Code)
	if e.Errno != 0 {
		_ = o.Set("errno", e.Errno)
	}
	if e.Syscall != "" {
		_ = o.Set("syscall", e.Syscall)
	}
	if e.Address != "" {
		_ = o.Set("address", e.Address)
		_ = o.Set("port", e.Port)
	}
	if e.Hostname != "" {
		_ = o.Set("hostname", e.Hostname)
	}
	if e.Reason != "" {
		_ = o.Set("reason", e.Reason)
	}
	return o
}

// errnos are Node's (libuv's) numbers for the codes a client socket meets.
var errnos = []struct {
	err   syscall.Errno
	code  string
	errno int
}{
	{syscall.ECONNREFUSED, "ECONNREFUSED", -111},
	{syscall.ECONNRESET, "ECONNRESET", -104},
	{syscall.EPIPE, "EPIPE", -32},
	{syscall.ETIMEDOUT, "ETIMEDOUT", -110},
	{syscall.EHOSTUNREACH, "EHOSTUNREACH", -113},
	{syscall.ENETUNREACH, "ENETUNREACH", -101},
	{syscall.EADDRNOTAVAIL, "EADDRNOTAVAIL", -99},
	{syscall.ECONNABORTED, "ECONNABORTED", -103},
}

// NodeError turns a Go network error into Node's shape: "connect
// ECONNREFUSED 127.0.0.1:5432", "getaddrinfo ENOTFOUND db.invalid".
func NodeError(err error, syscallName, host string, port int) *Error {
	e := &Error{Syscall: syscallName}
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.As(err, &dns):
		e.Syscall, e.Hostname = "getaddrinfo", dns.Name
		if dns.IsNotFound {
			e.Code, e.Errno = "ENOTFOUND", -3008
		} else {
			e.Code, e.Errno = "EAI_AGAIN", -3001
		}
		e.Message = fmt.Sprintf("getaddrinfo %s %s", e.Code, dns.Name)
		return e
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded):
		e.Code, e.Errno = "ETIMEDOUT", -110
	case errors.Is(err, context.Canceled) || errors.Is(err, net.ErrClosed):
		e.Code, e.Errno = "ECONNABORTED", -103
	default:
		for _, n := range errnos {
			if errors.Is(err, n.err) {
				e.Code, e.Errno = n.code, n.errno
				break
			}
		}
	}
	if e.Code == "" {
		e.Code = "EIO"
		e.Errno = -5
	}
	if errors.As(err, &op) && op.Addr != nil {
		if a, ok := op.Addr.(*net.TCPAddr); ok {
			e.Address, e.Port = a.IP.String(), a.Port
		}
	}
	if e.Address == "" && host != "" {
		e.Address, e.Port = host, port
	}
	e.Message = syscallName + " " + e.Code
	if e.Address != "" {
		e.Message += " " + net.JoinHostPort(e.Address, strconv.Itoa(e.Port))
	}
	return e
}

// TLSError names a failed handshake as Node does: the certificate's
// problem as its OpenSSL code, else the transport's error.
func TLSError(err error, host string, port int) *Error {
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	if errors.As(err, &verify) {
		err = verify.Err
	}
	switch {
	case errors.As(err, &unknown):
		if unknown.Cert != nil && unknown.Cert.Subject.String() == unknown.Cert.Issuer.String() {
			return &Error{Code: "DEPTH_ZERO_SELF_SIGNED_CERT", Message: "self-signed certificate"}
		}
		return &Error{Code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", Message: "unable to verify the first certificate"}
	case errors.As(err, &hostname):
		msg := fmt.Sprintf("Hostname/IP does not match certificate's altnames: %s", hostname.Error())
		return &Error{Code: "ERR_TLS_CERT_ALTNAME_INVALID", Message: msg, Reason: hostname.Error(), Hostname: hostname.Host}
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return &Error{Code: "CERT_HAS_EXPIRED", Message: "certificate has expired"}
	case errors.As(err, &invalid):
		return &Error{Code: "ERR_TLS_CERT_INVALID", Message: invalid.Error()}
	}
	var alert tls.AlertError
	if errors.As(err, &alert) {
		return &Error{Code: "ERR_SSL_TLSV1_ALERT", Message: "SSL alert: " + alert.Error()}
	}
	var rec tls.RecordHeaderError
	if errors.As(err, &rec) {
		return &Error{Code: "ERR_SSL_WRONG_VERSION_NUMBER", Message: "wrong version number (the peer does not speak TLS)"}
	}
	return NodeError(err, "connect", host, port)
}
