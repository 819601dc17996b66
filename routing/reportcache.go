package routing

import (
	"encoding/json"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
)

// RecordID identifies one reporting record (an agent-state change, a task
// event, an interval) in the caller's numbering. The zero value is not a
// valid record.
type RecordID uint64

// RecordKind is the caller's own classification of a record; the cache
// carries it through unchanged.
type RecordKind uint8

// cached is one record in the cache: 24 bytes.
type cached struct {
	id   RecordID
	at   int64 // Unix ns when the record was made
	kind RecordKind
}

// ReportEffect is the fate of one reporting record. Class is
// ccefsm.ReportOpen while the record waits in the cache (RT-6, row 15) and a
// final class once decided: complete (row 18), late (RT-6 / RP-5, row 16) or
// deleted (RT-7 / RP-8, rows 17 and 19). Every accepted record gets exactly
// one final class.
//
// ReportEffect satisfies [ccefsm.Effect], [slog.LogValuer] and
// [json.Marshaler].
type ReportEffect struct {
	Record   RecordID
	Kind     RecordKind
	Class    ccefsm.ReportClass
	Rule     ccefsm.RuleID
	Row      uint8
	Recorded time.Time // when the record was made (UTC)
	At       time.Time // when this effect happened (UTC)
}

var (
	_ ccefsm.Effect  = ReportEffect{}
	_ slog.LogValuer = ReportEffect{}
	_ json.Marshaler = ReportEffect{}
)

// RuleID returns e.Rule.
func (e ReportEffect) RuleID() ccefsm.RuleID { return e.Rule }

// Time returns e.At.
func (e ReportEffect) Time() time.Time { return e.At }

// LogValue implements [slog.LogValuer]: a group with the class, rule, row,
// record, the record's kind (as recordKind, the caller's number) and both
// instants in UTC.
func (e ReportEffect) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("class", e.Class.String()),
		slog.String("rule", e.Rule.String()),
		slog.Int("row", int(e.Row)),
		slog.Uint64("record", uint64(e.Record)),
		slog.Int("recordKind", int(e.Kind)),
		slog.Time("recorded", e.Recorded.UTC()),
		slog.Time("at", e.At.UTC()),
	)
}

// reportEffectJSON is the JSON form of a ReportEffect.
type reportEffectJSON struct {
	Class    ccefsm.ReportClass `json:"class"`
	Rule     ccefsm.RuleID      `json:"rule,omitzero"`
	Row      uint8              `json:"row,omitzero"`
	Record   RecordID           `json:"record"`
	Kind     RecordKind         `json:"recordKind"`
	Recorded time.Time          `json:"recorded"`
	At       time.Time          `json:"at"`
}

// MarshalJSON implements [json.Marshaler]: lower-camel keys, the class and
// rule by name, and the instants in RFC 3339 with nanoseconds in UTC, such
// as
//
//	{"class":"late","rule":"RT-6","row":16,"record":5,"recordKind":2,"recorded":"…","at":"…"}
//
// The record's kind is the caller's own number; its key is recordKind, so
// that it cannot be confused with the kind name of an [Effect] in a log
// that carries both.
func (e ReportEffect) MarshalJSON() ([]byte, error) {
	return json.Marshal(reportEffectJSON{Class: e.Class, Rule: e.Rule, Row: e.Row, Record: e.Record, Kind: e.Kind, Recorded: e.Recorded.UTC(), At: e.At.UTC()})
}

// ReportCache is the reporting path from one Agent PG CTI server to the
// CallRouter. While the path (or the CallRouter) is down, records are cached
// (RT-6); on restore they are delivered, complete but late (RP-5). If every
// side of the PG goes down while records are cached, they are lost (RT-7,
// RP-8). Nothing is dropped without an effect saying so.
//
// The zero value is the same as [NewReportCache] with the zero config: the
// path and the PG up, an empty cache, the default [Policy] and no input
// seen. A ReportCache is not safe for concurrent mutation.
type ReportCache struct {
	policy   Policy
	clock    clock
	pathDown bool
	pgDown   bool
	buf      []cached
}

// ReportCacheConfig configures a [ReportCache].
type ReportCacheConfig struct {
	// Policy overrides inferred rows of the rule table (row 19); the zero
	// Policy keeps every default.
	Policy Policy
	// Capacity is the number of cached records to make room for, as
	// [ReportCache.Grow] does; zero reserves none. A negative Capacity is
	// refused.
	Capacity int
}

// NewReportCache returns a ReportCache with the path and the PG up and an
// empty cache. A negative Capacity is refused with [ErrInvalidConfig] as an
// [*ArgError].
func NewReportCache(cfg ReportCacheConfig) (*ReportCache, error) {
	if cfg.Capacity < 0 {
		return nil, &ArgError{Op: "NewReportCache", Arg: "Capacity", Value: int64(cfg.Capacity), Err: ErrInvalidConfig}
	}
	c := &ReportCache{policy: cfg.Policy}
	c.Grow(cfg.Capacity)
	return c, nil
}

// Grow makes room for n more cached records, so that caching them
// allocates nothing. It never shrinks, and n ≤ 0 does nothing.
func (c *ReportCache) Grow(n int) {
	c.buf = slices.Grow(c.buf, max(n, 0))
}

// Policy returns the cache's policy.
func (c *ReportCache) Policy() Policy { return c.policy }

// Cached returns the number of records waiting in the cache.
func (c *ReportCache) Cached() int { return len(c.buf) }

// IsPathUp reports whether the CTI server–CallRouter path is up.
func (c *ReportCache) IsPathUp() bool { return !c.pathDown }

// IsPGUp reports whether at least one side of the PG is up.
func (c *ReportCache) IsPGUp() bool { return !c.pgDown }

// Record is a reporting record made at now. With the path up it is delivered
// (complete, row 18); with the path down it is cached (RT-6, row 15). With
// every side of the PG down it is refused with [ErrPathDown] (row 19,
// inferred; a policy may accept it and class it deleted instead).
//
// Each accepted call is one record and gets exactly one final class. The
// cache keeps no history of delivered records, so it does not check that id
// is new: a caller that reuses an ID gets one class per call, not per ID.
// A zero id is [ErrInvalidID]; a time before the previous input's is
// [ErrTimeBackwards], one out of range [ErrTimeOutOfRange]. A refused
// record changes nothing and stays the caller's.
func (c *ReportCache) Record(dst []ReportEffect, now time.Time, id RecordID, kind RecordKind) ([]ReportEffect, error) {
	const op = "Record"
	n, err := c.clock.check(op, now)
	if err != nil {
		return dst, err
	}
	if id == 0 {
		return dst, &ArgError{Op: op, Arg: "record", Value: 0, Err: ErrInvalidID}
	}
	e := ReportEffect{Record: id, Kind: kind, Recorded: now.UTC(), At: now.UTC()}
	switch {
	case c.pgDown:
		if c.policy.action(rowReportRecordPGDown) != ActionLose {
			return dst, &PathError{Op: op, Path: "every side of the PG", Row: rowReportRecordPGDown}
		}
		e.Class, e.Rule, e.Row = ccefsm.ReportDeleted, ccefsm.RT7, rowReportRecordPGDown
	case c.pathDown:
		c.buf = append(c.buf, cached{id: id, at: n, kind: kind})
		e.Class, e.Rule, e.Row = ccefsm.ReportOpen, ccefsm.RT6, rowReportCache
	default:
		e.Class, e.Rule, e.Row = ccefsm.ReportComplete, ccefsm.RT6, rowReportPathUp
	}
	c.clock.set(n)
	return append(dst, e), nil
}

// PathDown observes that the CTI server–CallRouter path, or the CallRouter,
// went down. Observing it again changes nothing but the time of the last
// input.
func (c *ReportCache) PathDown(dst []ReportEffect, now time.Time) ([]ReportEffect, error) {
	n, err := c.clock.check("PathDown", now)
	if err != nil {
		return dst, err
	}
	c.clock.set(n)
	c.pathDown = true
	return dst, nil
}

// PathUp observes that the path is back: every cached record is delivered,
// in the order it was made, complete and late (RT-6 / RP-5, row 16).
func (c *ReportCache) PathUp(dst []ReportEffect, now time.Time) ([]ReportEffect, error) {
	n, err := c.clock.check("PathUp", now)
	if err != nil {
		return dst, err
	}
	c.clock.set(n)
	c.pathDown = false
	return c.flush(dst, now, ccefsm.ReportLate, ccefsm.RT6, rowReportRestore), nil
}

// PGDown observes that every side of the PG is down (both sides of a duplex
// pair): every cached record is lost (RT-7 / RP-8, row 17).
func (c *ReportCache) PGDown(dst []ReportEffect, now time.Time) ([]ReportEffect, error) {
	n, err := c.clock.check("PGDown", now)
	if err != nil {
		return dst, err
	}
	c.clock.set(n)
	c.pgDown = true
	return c.flush(dst, now, ccefsm.ReportDeleted, ccefsm.RT7, rowReportBothDown), nil
}

// PGUp observes that a side of the PG is back. The path keeps the state last
// observed: records made while it is still down are cached.
func (c *ReportCache) PGUp(dst []ReportEffect, now time.Time) ([]ReportEffect, error) {
	n, err := c.clock.check("PGUp", now)
	if err != nil {
		return dst, err
	}
	c.clock.set(n)
	c.pgDown = false
	return dst, nil
}

func (c *ReportCache) flush(dst []ReportEffect, now time.Time, class ccefsm.ReportClass, rule ccefsm.RuleID, row uint8) []ReportEffect {
	at := now.UTC()
	for _, r := range c.buf {
		dst = append(dst, ReportEffect{Record: r.id, Kind: r.kind, Class: class, Rule: rule, Row: row, Recorded: time.Unix(0, r.at).UTC(), At: at})
	}
	clear(c.buf)
	c.buf = c.buf[:0]
	return dst
}

// String formats the effect for logs, such as
//
//	RT-6 row 16 record 5 (kind 2): late
func (e ReportEffect) String() string {
	b := appendRuleRow(nil, e.Rule, e.Row)
	b = append(b, "record "...)
	b = strconv.AppendUint(b, uint64(e.Record), 10)
	b = append(b, " (kind "...)
	b = strconv.AppendUint(b, uint64(e.Kind), 10)
	b = append(b, "): "...)
	b = append(b, e.Class.String()...)
	return string(b)
}
