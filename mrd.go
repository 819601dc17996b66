package ccefsm

import (
	"errors"
	"strconv"
	"time"
)

// Default MRD attributes. The three durations are the documented defaults of
// the Media Routing Domain API (UCCE Developer Reference 12.0(1), "Media
// Routing Domain API": taskLife 1200, taskStartTimeout 30, maxTaskDuration
// 28800, all in seconds).
const (
	DefaultTaskLife     = 1200 * time.Second
	DefaultStartTimeout = 30 * time.Second
	DefaultMaxDuration  = 28800 * time.Second
)

// Default per-agent task limits. Cisco documents the limit (MaxTaskLimit in
// AGENT_STATE_EVENT; Finesse maxDialogLimit 1-10) but no default; these are
// inferred. Voice: an agent talks on one routed call at a time. Other media:
// 3, the MaxTaskLimit shown for a task MRD in Cisco TechNote 221684's trace.
// Callers set their deployment's value in [MRD.MaxTasksPerAgent].
const (
	DefaultMaxTasksVoice = 1
	DefaultMaxTasks      = 3
	// MaxTasksLimit is the largest per-agent limit accepted: Finesse's
	// maxDialogLimit range is 1-10.
	MaxTasksLimit = 10
)

// MaxAttribute bounds every duration attribute of an MRD, so that deadline
// arithmetic on int64 nanoseconds cannot overflow for any instant the
// library accepts. Cisco documents no maximum; ten years is far beyond the
// 8-hour default of the longest attribute.
const MaxAttribute = 10 * 365 * 24 * time.Hour

// ErrInvalidMRD is wrapped by every [*MRDError].
var ErrInvalidMRD = errors.New("ccefsm: invalid MRD")

// MRD describes one media routing domain: its ID, its media kind, and the
// attributes that decide task timing and the failover rules. It is the one
// definition of an MRD in the library: agentstate reads its ID and media
// kind, taskstate its timing, routing its task limit and interruptibility.
// Build one with [NewMRD] to get Cisco's defaults, then adjust fields.
//
// The zero value is not a valid MRD ([MRD.Validate] rejects it).
type MRD struct {
	ID    MRDID
	Media MediaKind

	// TaskLife is how long open tasks survive once the application's path
	// to the Agent PG CTI server is down (TS-1).
	TaskLife time.Duration
	// StartTimeout is the time allowed between agent selection and
	// Offer/Start Task (TS-7).
	StartTimeout time.Duration
	// MaxDuration is the longest a task may stay open without End Task
	// (TS-6). The library counts it from the task's creation (inferred:
	// Cisco does not say from which message).
	MaxDuration time.Duration
	// TimeLimit is the email exception's "time limit configured for the
	// MRD" (TS-3). Cisco does not tie it to a named attribute; zero means
	// the task life, the library's default. Only email MRDs may set it.
	TimeLimit time.Duration
	// NoTimeLimitCut turns the email exception's cut off (TS-3): reporting
	// on open email tasks is not ended at the time limit. Cisco says
	// reporting "might" be ended there; the library ends it by default.
	// Only email MRDs may set it.
	NoTimeLimitCut bool

	// Interruptible says whether tasks of other MRDs may interrupt agents
	// working in this MRD (RT-8).
	Interruptible bool
	// MaxTasksPerAgent is the agent's task limit in this MRD, 1-10 (RT-8).
	MaxTasksPerAgent uint8
}

// NewMRD returns an MRD with Cisco's default durations and the inferred task
// limit for media (1 for voice, 3 otherwise). Interruptible is false, as in
// every Cisco example.
func NewMRD(id MRDID, media MediaKind) MRD {
	limit := uint8(DefaultMaxTasks)
	if media == MediaVoice {
		limit = DefaultMaxTasksVoice
	}
	return MRD{
		ID:               id,
		Media:            media,
		TaskLife:         DefaultTaskLife,
		StartTimeout:     DefaultStartTimeout,
		MaxDuration:      DefaultMaxDuration,
		MaxTasksPerAgent: limit,
	}
}

// EffectiveTimeLimit returns the email exception's time limit: TimeLimit
// when set, otherwise the task life.
func (m MRD) EffectiveTimeLimit() time.Duration {
	if m.TimeLimit != 0 {
		return m.TimeLimit
	}
	return m.TaskLife
}

// Validate reports the first broken constraint as an [*MRDError] wrapping
// [ErrInvalidMRD]: a zero ID, a media kind that is not valid, a duration
// attribute that is zero, negative or longer than [MaxAttribute], a time
// limit or NoTimeLimitCut on a non-email MRD, or a task limit outside 1-10.
func (m MRD) Validate() error {
	bad := func(field, reason string) error {
		return &MRDError{MRD: m.ID, Field: field, Reason: reason}
	}
	if m.ID == 0 {
		return bad("ID", "is zero")
	}
	if !m.Media.IsValid() {
		return bad("Media", "is not a valid media kind ("+strconv.Itoa(int(m.Media))+")")
	}
	for _, d := range [...]struct {
		name string
		v    time.Duration
	}{{"TaskLife", m.TaskLife}, {"StartTimeout", m.StartTimeout}, {"MaxDuration", m.MaxDuration}} {
		if d.v <= 0 {
			return bad(d.name, "must be positive, is "+d.v.String())
		}
		if d.v > MaxAttribute {
			return bad(d.name, "exceeds ten years")
		}
	}
	if m.TimeLimit < 0 || m.TimeLimit > MaxAttribute {
		return bad("TimeLimit", "is out of range: "+m.TimeLimit.String())
	}
	if m.TimeLimit != 0 && m.Media != MediaEmail {
		return bad("TimeLimit", "is set on a "+m.Media.String()+" MRD; only email MRDs have one")
	}
	if m.NoTimeLimitCut && m.Media != MediaEmail {
		return bad("NoTimeLimitCut", "is set on a "+m.Media.String()+" MRD; only email MRDs have a time limit")
	}
	if m.MaxTasksPerAgent < 1 || m.MaxTasksPerAgent > MaxTasksLimit {
		return bad("MaxTasksPerAgent", "must be 1-10, is "+strconv.Itoa(int(m.MaxTasksPerAgent)))
	}
	return nil
}

// MRDError reports an invalid MRD: which field and why.
type MRDError struct {
	MRD    MRDID  // the MRD's ID (possibly zero, which is itself invalid)
	Field  string // the attribute, such as "TaskLife"
	Reason string // what is wrong with it
}

// Error names the MRD, the field and what is wrong with it.
func (e *MRDError) Error() string {
	return "ccefsm: invalid MRD " + strconv.FormatUint(uint64(e.MRD), 10) + ": " + e.Field + " " + e.Reason
}

// Unwrap returns [ErrInvalidMRD].
func (e *MRDError) Unwrap() error { return ErrInvalidMRD }
