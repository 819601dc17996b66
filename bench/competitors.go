package bench

import (
	"context"

	"github.com/looplab/fsm"
	"github.com/qmuntal/stateless"
)

// The voice agent cycle as events over string states, for the two
// general-purpose libraries. The transitions are the documented Finesse
// voice transitions that the ccefsm agentstate table also encodes.
const (
	sNotReady  = "NOT_READY"
	sAvailable = "AVAILABLE"
	sReserved  = "RESERVED"
	sTalking   = "TALKING"
	sWorkReady = "WORK_READY"
	sLogout    = "LOGOUT"

	eReady    = "ready"
	eNotReady = "not_ready"
	eReserve  = "reserve"
	eAnswer   = "answer"
	eWrap     = "wrap_up_ready"
	eWrapEnd  = "wrap_up_end"
	eFail     = "pg_failover"
	eRelogin  = "relogin"
)

// cycle is the event sequence of one agent cycle; it starts and ends in
// NOT_READY.
var cycle = [...]string{eReady, eReserve, eAnswer, eWrap, eWrapEnd, eNotReady}

func looplabEvents() fsm.Events {
	return fsm.Events{
		{Name: eReady, Src: []string{sNotReady}, Dst: sAvailable},
		{Name: eReserve, Src: []string{sAvailable}, Dst: sReserved},
		{Name: eAnswer, Src: []string{sReserved}, Dst: sTalking},
		{Name: eWrap, Src: []string{sTalking}, Dst: sWorkReady},
		{Name: eWrapEnd, Src: []string{sWorkReady}, Dst: sAvailable},
		{Name: eNotReady, Src: []string{sAvailable}, Dst: sNotReady},
		{Name: eFail, Src: []string{sNotReady, sAvailable, sReserved, sTalking, sWorkReady}, Dst: sLogout},
	}
}

// newLooplab returns one looplab/fsm machine in NOT_READY. looplab/fsm keeps
// the state inside the machine, so each agent needs its own.
func newLooplab() *fsm.FSM {
	return fsm.NewFSM(sNotReady, looplabEvents(), nil)
}

// restoreAfterPG is AG-T1 for the states of the cycle: what the agent
// returns to after a PG failover, given the state at failover and the state
// before the call. The competitors get the same table lookup as ccefsm; only
// the state-machine mechanics are compared.
func restoreAfterPG(at, beforeCall string) string {
	switch at {
	case sAvailable, sReserved:
		return sAvailable
	case sWorkReady:
		if beforeCall == sAvailable {
			return sAvailable
		}
		return sNotReady
	case sTalking:
		return sTalking
	}
	return sNotReady
}

// newStateless returns one stateless machine definition whose state lives in
// *state: stateless's external storage lets one definition serve many
// agents, its best case for a roster.
func newStateless(state *string) *stateless.StateMachine {
	sm := stateless.NewStateMachineWithExternalStorage(
		func(context.Context) (stateless.State, error) { return *state, nil },
		func(_ context.Context, s stateless.State) error { *state = s.(string); return nil },
		stateless.FiringImmediate)
	sm.Configure(sNotReady).Permit(eReady, sAvailable).Permit(eFail, sLogout)
	sm.Configure(sAvailable).Permit(eReserve, sReserved).Permit(eNotReady, sNotReady).Permit(eFail, sLogout)
	sm.Configure(sReserved).Permit(eAnswer, sTalking).Permit(eFail, sLogout)
	sm.Configure(sTalking).Permit(eWrap, sWorkReady).Permit(eFail, sLogout)
	sm.Configure(sWorkReady).Permit(eWrapEnd, sAvailable).Permit(eFail, sLogout)
	sm.Configure(sLogout).PermitDynamic(eRelogin, func(_ context.Context, args ...any) (stateless.State, error) {
		return args[0].(string), nil
	})
	return sm
}
