package main

import (
	"container/list"
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"sync"

	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
)

// guard keeps the connections of clients that have not shown the token
// from crowding out those that have. A connection is pending from its
// accept until a request on it carries the token; pending ones have a
// small limit of their own, past which the oldest is closed to make room
// (a client with the token sends its request at once, so what is old is
// what holds a connection without one), and they never wait for room.
// Connections that have shown the token are held to --max-conns; past
// that, new connections wait their turn. A request without the token is
// answered 401 and its connection closed (server.Handler does that).
type guard struct {
	maxAuthed, maxPending int

	mu      sync.Mutex
	room    *sync.Cond
	authed  int
	pending *list.List // of *guardedConn, oldest first
	closed  bool
}

func newGuard(maxAuthed, maxPending int) *guard {
	g := &guard{maxAuthed: maxAuthed, maxPending: maxPending, pending: list.New()}
	g.room = sync.NewCond(&g.mu)
	return g
}

// guardedConn is one connection the guard watches.
type guardedConn struct {
	net.Conn
	g       *guard
	pending *list.Element // nil once it has shown the token, or was closed
	authed  bool
	once    sync.Once
}

// listen wraps ln so that the guard sees every connection.
func (g *guard) listen(ln net.Listener) net.Listener { return &guardListener{Listener: ln, g: g} }

type guardListener struct {
	net.Listener
	g *guard
}

func (l *guardListener) Accept() (net.Conn, error) {
	g := l.g
	g.mu.Lock()
	for g.authed >= g.maxAuthed && !g.closed {
		g.room.Wait()
	}
	g.mu.Unlock()
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	gc := &guardedConn{Conn: c, g: g}
	var evict net.Conn
	g.mu.Lock()
	if g.pending.Len() >= g.maxPending {
		oldest := g.pending.Front()
		old := g.pending.Remove(oldest).(*guardedConn)
		old.pending = nil
		evict = old.Conn
	}
	gc.pending = g.pending.PushBack(gc)
	g.mu.Unlock()
	if evict != nil {
		evict.Close()
	}
	return gc, nil
}

func (l *guardListener) Close() error {
	l.g.mu.Lock()
	l.g.closed = true
	l.g.room.Broadcast()
	l.g.mu.Unlock()
	return l.Listener.Close()
}

func (c *guardedConn) Close() error {
	c.once.Do(func() {
		g := c.g
		g.mu.Lock()
		if c.pending != nil {
			g.pending.Remove(c.pending)
			c.pending = nil
		}
		if c.authed {
			g.authed--
			g.room.Signal()
		}
		g.mu.Unlock()
	})
	return c.Conn.Close()
}

// authenticated moves c from the pending connections to those that have
// shown the token.
func (c *guardedConn) authenticated() {
	g := c.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if c.authed {
		return
	}
	if c.pending != nil {
		g.pending.Remove(c.pending)
		c.pending = nil
	}
	c.authed = true
	g.authed++
}

type connKey struct{}

// connContext lets a request find its connection.
func (g *guard) connContext(ctx context.Context, c net.Conn) context.Context {
	if t, ok := c.(*tls.Conn); ok {
		c = t.NetConn()
	}
	return context.WithValue(ctx, connKey{}, c)
}

// admit marks the connection of every request that carries the token.
func (g *guard) admit(h http.Handler, token string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, ok := r.Context().Value(connKey{}).(*guardedConn); ok && server.Authorized(r, token) {
			c.authenticated()
		}
		h.ServeHTTP(w, r)
	})
}
