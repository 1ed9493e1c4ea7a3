package websocket_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

// echoServer is a loopback WebSocket server: it echoes each message, and
// closes with the code and reason a message "close <code> <reason>" names.
func echoServer(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{"chat.v2", "chat.v1"}})
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		for {
			typ, data, err := c.Read(ctx)
			if err != nil {
				return
			}
			if s := string(data); typ == websocket.MessageText && strings.HasPrefix(s, "close ") {
				f := strings.SplitN(s, " ", 3)
				code := websocket.StatusCode(4000)
				if f[1] == "1001" {
					code = websocket.StatusGoingAway
				}
				_ = c.Close(code, f[2])
				return
			}
			if err := c.Write(ctx, typ, data); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

// A route talks to a loopback echo server through WebSocket: subprotocol
// negotiation (the server picks by its own preference), text and binary messages (as ArrayBuffer and as Blob),
// bufferedAmount, the server's close with a code and reason, and the
// client's own close; plus the constructor's and close()'s errors.
func TestWebSocketEcho(t *testing.T) {
	url := echoServer(t)
	app := jstest.Serve(t, map[string]string{"app/ws/route.ts": `export async function GET(request: Request) {
  const url = new URL(request.url).searchParams.get('to')!
  const log: any[] = []
  const ws = new WebSocket(url, ['chat.v1', 'chat.v2'])
  log.push(['state', ws.readyState, ws.binaryType])
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject })
  log.push(['open', ws.readyState, ws.protocol])
  const next = () => new Promise<MessageEvent>((resolve) => ws.addEventListener('message', resolve, { once: true }))
  ws.send('héllo')
  log.push(['buffered', ws.bufferedAmount])
  log.push(['text', (await next()).data])
  ws.binaryType = 'arraybuffer'
  ws.send(new Uint8Array([1, 2, 3]))
  const bin = (await next()).data
  log.push(['binary', bin instanceof ArrayBuffer, [...new Uint8Array(bin)]])
  ws.binaryType = 'blob'
  ws.send(new Blob(['blob ', 'body']))
  ws.send('after blob')
  const b = (await next()).data
  log.push(['blob', b instanceof Blob, await b.text(), (await next()).data])
  const closed = new Promise<CloseEvent>((resolve) => { ws.onclose = resolve })
  ws.send('close 4000 bye now')
  const e = await closed
  log.push(['closed', e.code, e.reason, e.wasClean, ws.readyState, e instanceof CloseEvent])
  const ws2 = new WebSocket(url)
  await new Promise((resolve) => ws2.addEventListener('open', resolve))
  const closed2 = new Promise<CloseEvent>((resolve) => ws2.addEventListener('close', resolve))
  ws2.close(1000, 'done')
  log.push(['closing', ws2.readyState])
  const e2 = await closed2
  log.push(['closed by client', e2.code, e2.reason, e2.wasClean])
  const errors: string[] = []
  for (const f of [() => new WebSocket('ftp://x'), () => new WebSocket(url + '#frag'), () => new WebSocket(url, ['a', 'a']), () => ws2.close(1001), () => ws2.close(1000, 'x'.repeat(124)), () => new WebSocket(url).send('too early')]) {
    try { f(); errors.push('none') } catch (err: any) { errors.push(err.name) }
  }
  log.push(['errors', errors])
  const refused = new WebSocket('ws://127.0.0.1:1/')
  const ev = await new Promise<CloseEvent>((resolve) => { refused.onerror = () => log.push(['error event']); refused.onclose = resolve })
  log.push(['refused', ev.code, ev.wasClean])
  return Response.json(log)
}
`}, nil)
	_, body := app.Get("/ws?to=" + url)
	want := `[["state",0,"blob"],["open",1,"chat.v2"],["buffered",6],["text","héllo"],["binary",true,[1,2,3]],["blob",true,"blob body","after blob"],` +
		`["closed",4000,"bye now",true,3,true],["closing",2],["closed by client",1000,"done",true],` +
		`["errors",["SyntaxError","SyntaxError","SyntaxError","InvalidAccessError","SyntaxError","InvalidStateError"]],["error event"],["refused",1006,false]]`
	if body != want {
		t.Errorf("got  %s\nwant %s", body, want)
	}
}
