package cache

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is a Store shared by every jsroutes process that points at one
// Redis server: entries are JSON values under prefix+"e:"+key, and each
// tag is a hash under prefix+"t:"+tag with its stale (s) and expired (x)
// times. Redis's own maxmemory policy bounds it.
type Redis struct {
	client *redis.Client
	prefix string
}

// entryTTL is how long Redis keeps an entry: Next.js's default expire
// time, one year. A stale entry is still served until then.
const entryTTL = 365 * 24 * time.Hour

// NewRedis connects to the server at url (redis://[user:pass@]host:port/db)
// and checks that it answers.
func NewRedis(ctx context.Context, url, prefix string) (*Redis, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("cache: redis url: %w", err)
	}
	// Fail fast (go-redis waits 5 s to dial and retries three times: 8-15 s
	// a request against a blackholed server); the Breaker does the rest.
	opts.DialTimeout = time.Second
	opts.ReadTimeout = time.Second
	opts.WriteTimeout = time.Second
	opts.PoolTimeout = time.Second
	opts.MaxRetries = 1
	c := redis.NewClient(opts)
	if err := c.Ping(ctx).Err(); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("cache: connecting to redis at %s: %w", opts.Addr, err)
	}
	return &Redis{client: c, prefix: prefix}, nil
}

// Get implements Store.
func (r *Redis) Get(ctx context.Context, key string) (*Entry, error) {
	b, err := r.client.Get(ctx, r.prefix+"e:"+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cache: redis get: %w", err)
	}
	var e Entry
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, fmt.Errorf("cache: redis entry %q: %w", key, err)
	}
	return &e, nil
}

// Set implements Store.
func (r *Redis) Set(ctx context.Context, key string, e *Entry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("cache: encoding entry: %w", err)
	}
	ttl := entryTTL
	if e.Expire > 0 && time.Duration(e.Expire)*time.Second < ttl {
		ttl = time.Duration(e.Expire) * time.Second // past it the entry is never served
	}
	if err := r.client.Set(ctx, r.prefix+"e:"+key, b, ttl).Err(); err != nil {
		return fmt.Errorf("cache: redis set: %w", err)
	}
	return nil
}

// Tags implements Store, in one round trip.
func (r *Redis) Tags(ctx context.Context, tags []string) (TagTimes, error) {
	var t TagTimes
	if len(tags) == 0 {
		return t, nil
	}
	pipe := r.client.Pipeline()
	cmds := make([]*redis.SliceCmd, len(tags))
	for i, tag := range tags {
		cmds[i] = pipe.HMGet(ctx, r.prefix+"t:"+tag, "s", "x")
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return t, fmt.Errorf("cache: redis tags: %w", err)
	}
	for _, c := range cmds {
		v := c.Val()
		t = t.max(TagTimes{Stale: micros(v, 0), Expired: micros(v, 1)})
	}
	return t, nil
}

func micros(v []any, i int) int64 {
	if i >= len(v) {
		return 0
	}
	s, _ := v[i].(string)
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// Revalidate implements Store. Times only move forward, so that instances
// racing to revalidate one tag agree on the latest.
func (r *Redis) Revalidate(ctx context.Context, tags []string, expire bool, at int64) error {
	pipe := r.client.Pipeline()
	for _, tag := range tags {
		fields := []any{"s", at}
		if expire {
			fields = append(fields, "x", at)
		}
		pipe.Eval(ctx, raiseScript, []string{r.prefix + "t:" + tag}, fields...)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("cache: redis revalidate: %w", err)
	}
	return nil
}

// raiseScript sets each field of the hash KEYS[1] to its value in ARGV
// (field, value pairs) unless it already holds a later time.
const raiseScript = `
for i = 1, #ARGV, 2 do
  local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
  if tonumber(ARGV[i+1]) > cur then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i+1]) end
end
return 1`

// unlockScript deletes a lock only while it still holds this claim's token.
const unlockScript = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`

// Lock implements Store with SET NX PX and a random token.
func (r *Redis) Lock(ctx context.Context, key string, ttl time.Duration) (func(), bool, error) {
	var b [12]byte
	_, _ = rand.Read(b[:])
	token := hex.EncodeToString(b[:])
	name := r.prefix + "l:" + key
	ok, err := r.client.SetNX(ctx, name, token, ttl).Result()
	if err != nil {
		return nil, false, fmt.Errorf("cache: redis lock: %w", err)
	}
	if !ok {
		return nil, false, nil
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = r.client.Eval(ctx, unlockScript, []string{name}, token).Err()
	}, true, nil
}

// Close implements Store.
func (r *Redis) Close() error { return r.client.Close() }
