package failover

import (
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/internal/enumtext"
)

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=LogoutReport -linecomment -output=logout_string.go

// LogoutReport names one of the Media Logout Status reports in which a
// logout appears (RP-7).
type LogoutReport uint8

// The four Media Logout Status reports of RP-7.
const (
	ReportAgent           LogoutReport = iota + 1 // agent
	ReportAgentSkillGroup                         // agent skill group
	ReportAgentTeam                               // agent team
	ReportAgentPeripheral                         // agent peripheral
)

// MarshalText implements [encoding.TextMarshaler].
func (r LogoutReport) MarshalText() ([]byte, error) {
	return enumtext.Marshal(r, ReportAgent, ReportAgentPeripheral, "failover.LogoutReport")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error r is
// unchanged.
func (r *LogoutReport) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(r, text, ReportAgent, ReportAgentPeripheral, "failover.LogoutReport")
}

// LogoutRow is one row of a Media Logout Status report: the logout of
// Agent from MRD with Reason, in the report named by Report. SkillGroup is
// set for ReportAgentSkillGroup rows, Team for ReportAgentTeam rows.
type LogoutRow struct {
	Report     LogoutReport
	Agent      ccefsm.AgentID
	MRD        ccefsm.MRDID
	Peripheral ccefsm.PeripheralID
	SkillGroup uint32
	Team       uint32
	Reason     agentstate.ReasonCode
	At         time.Time
}

// AppendLogoutRows appends to dst the Media Logout Status rows that the
// logout effect ef produces (RP-7): one in the agent report, one per skill
// group of the agent, one in the team report when the agent has a team,
// and one in the agent peripheral report. The skill groups and team come
// from the topology. An effect that is not a logout citing RP-7 (AG-4 or
// AG-6, reason 50002) produces none: a PIM failure's logout (AG-1) is not
// a Media Logout Status event of the chapter.
func (e *Engine) AppendLogoutRows(dst []LogoutRow, ef agentstate.Effect) []LogoutRow {
	if ef.Kind != agentstate.EffectLoggedOut || ef.Report != ccefsm.RP7 {
		return dst
	}
	i, ok := e.agent(ef.Agent)
	if !ok {
		return dst
	}
	a := e.top.agentMeta[int32(i)]
	row := LogoutRow{Agent: ef.Agent, MRD: ef.MRD, Peripheral: ef.Peripheral, Reason: ef.Reason, At: ef.At}
	r := row
	r.Report = ReportAgent
	dst = append(dst, r)
	for _, sg := range a.skillGroups {
		r = row
		r.Report, r.SkillGroup = ReportAgentSkillGroup, sg
		dst = append(dst, r)
	}
	if a.team != 0 {
		r = row
		r.Report, r.Team = ReportAgentTeam, a.team
		dst = append(dst, r)
	}
	r = row
	r.Report = ReportAgentPeripheral
	return append(dst, r)
}
