package agentstate

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/ccefsm/ccefsm"
)

// ReasonCode is the EventReasonCode of an agent state change: a USHORT on the
// CTI wire (CTI Server Message Reference Guide PV25, AGENT_STATE_EVENT),
// meaningful for the Not Ready and Logout states only.
//
// The named constants are the system codes that Unified CCE and Finesse set
// themselves (Database Schema Handbook for UCCE 15.0(1), "Field Values";
// Finesse system reason codes). Every other value 1–65535 is a legitimate
// code too: a deployment defines its own Not Ready and Logout codes. The zero
// value, [ReasonNone], means no reason.
//
// Negative codes: the schema documents logout codes −1, −2 and −3, which the
// USHORT field carries as 65535, 65534 and 65533 ([ReasonFromSigned],
// [ReasonCode.Signed]).
//
// The numbers are scoped to Unified CCE / Webex CCE: Unified CCX reuses some
// of them (the 327xx range) with other meanings, so a code must not be
// interpreted without knowing the platform that produced it.
type ReasonCode uint16

// System reason codes (UCCE Database Schema Handbook 15.0(1) pp. 693–694;
// Finesse system reason-code list; CAD-era logout codes).
const (
	// ReasonNone: no reason code.
	ReasonNone ReasonCode = 0
	// ReasonDesktopConnectionFailure (255): the Finesse desktop lost its
	// Finesse server; the agent is forced out (Logout).
	ReasonDesktopConnectionFailure ReasonCode = 255
	// ReasonSupervisor (999): a supervisor forced the state change (Not
	// Ready or Logout).
	ReasonSupervisor ReasonCode = 999
	// ReasonForcedLogoutStart (20001): the agent is made Not Ready as the
	// first step of a forced logout.
	ReasonForcedLogoutStart ReasonCode = 20001
	// ReasonForcedLogout (20002): forced logout, such as another login with
	// the same ID displacing this one.
	ReasonForcedLogout ReasonCode = 20002
	// ReasonLogoutRequest (20003): logout requested; an agent not already
	// Not Ready is made Not Ready first.
	ReasonLogoutRequest ReasonCode = 20003
	// ReasonOffHook (32762): the agent went off-hook or placed an ACD-line
	// call while Ready without choosing a code (Not Ready).
	ReasonOffHook ReasonCode = 32762
	// ReasonCallNotAnswered (32767): ring no answer; the call was redirected
	// and the agent made Not Ready.
	ReasonCallNotAnswered ReasonCode = 32767
	// ReasonSystemDisconnect (50001): the CTI OS or desktop client
	// disconnected (Logout).
	ReasonSystemDisconnect ReasonCode = 50001
	// ReasonConnectionFailure (50002): a CTI client component failed
	// (desktop closed, heartbeat timeout, CTI OS or Finesse failure). It is
	// the logout code of PG, CTI Manager, desktop and Finesse failover
	// (AG-4, AG-6, RP-7); as a Not Ready code Finesse labels it "Connection
	// Failure".
	ReasonConnectionFailure ReasonCode = 50002
	// ReasonDeviceError (50003): Unified CM reported the agent's device out
	// of service (Logout).
	ReasonDeviceError ReasonCode = 50003
	// ReasonInactivityTimeout (50004): the agent desk settings' inactivity
	// timeout expired (Logout).
	ReasonInactivityTimeout ReasonCode = 50004
	// ReasonNonACDBusy (50005): the agent took or placed a non-ACD call
	// (Not Ready).
	ReasonNonACDBusy ReasonCode = 50005
	// ReasonCallWhileAvailable (50006): the agent placed a call while
	// Available; the system makes the agent Not Ready to stop routing.
	ReasonCallWhileAvailable ReasonCode = 50006
	// ReasonCallOverlap (50010): routed calls overlapped or were missed in a
	// row (Not Ready).
	ReasonCallOverlap ReasonCode = 50010
	// ReasonQueueChange (50020): the agent's skill groups changed while
	// logged in (Logout).
	ReasonQueueChange ReasonCode = 50020
	// ReasonDeviceConflict (50030): the agent logged in to a dynamic device
	// target that shares the PG static device target's DN (Logout).
	ReasonDeviceConflict ReasonCode = 50030
	// ReasonMobileCallFail (50040): a mobile agent's call failed (Logout).
	ReasonMobileCallFail ReasonCode = 50040
	// ReasonMobileCallNotAnswered (50041): a mobile agent's line rang busy
	// (Not Ready).
	ReasonMobileCallNotAnswered ReasonCode = 50041
	// ReasonMobileDisconnect (50042): a mobile agent's nailed connection
	// dropped (Logout).
	ReasonMobileDisconnect ReasonCode = 50042
	// ReasonCallAtPGRestart (51004): the agent logged in on an extension
	// that had a call, or was on a call when the PG restarted (Not Ready).
	ReasonCallAtPGRestart ReasonCode = 51004
	// ReasonExtensionModified (65533, −3): an administrator changed the
	// agent's extension while logged in (Logout).
	ReasonExtensionModified ReasonCode = 65533
	// ReasonSystemReset (65534, −2): the PG reset the agent, usually a PG
	// failure (Logout).
	ReasonSystemReset ReasonCode = 65534
	// ReasonSystemReinitialized (65535, −1): the agent was reinitialised
	// because the peripheral restarted (Logout).
	ReasonSystemReinitialized ReasonCode = 65535
)

// reasonInfo is the meaning of one system code in the Not Ready and the
// Logout context; an empty string means the code is not a system code in that
// context.
type reasonInfo struct {
	code             ReasonCode
	notReady, logout string
}

// reasons is sorted by code.
var reasons = [...]reasonInfo{
	{ReasonDesktopConnectionFailure, "", "Finesse desktop lost its server (Connection Failure)"},
	{ReasonSupervisor, "supervisor changed the state", "supervisor forced the logout"},
	{ReasonForcedLogoutStart, "first step of a forced logout (Starting Force Logout)", ""},
	{ReasonForcedLogout, "", "forced logout (Force Logout)"},
	{ReasonLogoutRequest, "logout requested (Agent Logout Request)", "logout requested or forced"},
	{ReasonOffHook, "went off-hook while ready (Offhook)", ""},
	{ReasonCallNotAnswered, "ring no answer (Call Not Answered)", ""},
	{ReasonSystemDisconnect, "", "desktop client disconnected (System Disconnect)"},
	{ReasonConnectionFailure, "CTI client failed (Connection Failure)", "CTI client failed (System Failure)"},
	{ReasonDeviceError, "", "device out of service (Device Error)"},
	{ReasonInactivityTimeout, "", "inactivity timeout"},
	{ReasonNonACDBusy, "non-ACD call (Non ACD Busy)", ""},
	{ReasonCallWhileAvailable, "placed a call while available", ""},
	{ReasonCallOverlap, "call overlap or missed routed calls (Call Overlap)", ""},
	{ReasonQueueChange, "", "skill groups changed (Queue Change)"},
	{ReasonDeviceConflict, "", "device target conflict (Device Conflict)"},
	{ReasonMobileCallFail, "", "mobile agent call failed"},
	{ReasonMobileCallNotAnswered, "mobile agent line busy", ""},
	{ReasonMobileDisconnect, "", "mobile agent connection dropped"},
	{ReasonCallAtPGRestart, "call present at login or PG restart", ""},
	{ReasonExtensionModified, "extension modified", "extension modified"},
	{ReasonSystemReset, "system reset", "PG reset the agent (PG failure)"},
	{ReasonSystemReinitialized, "system reinitialized", "peripheral restarted"},
}

func lookupReason(r ReasonCode) (reasonInfo, bool) {
	i, ok := slices.BinarySearchFunc(reasons[:], r, func(info reasonInfo, r ReasonCode) int { return cmp.Compare(info.code, r) })
	if !ok {
		return reasonInfo{}, false
	}
	return reasons[i], true
}

// ReasonFromSigned returns the wire form of a signed reason code: −1 is 65535,
// −2 is 65534, −3 is 65533.
func ReasonFromSigned(v int16) ReasonCode { return ReasonCode(uint16(v)) }

// Signed returns r read as a signed 16-bit number, the form the schema
// handbook uses for the negative logout codes (65535 is −1).
func (r ReasonCode) Signed() int16 { return int16(r) }

// IsSystem reports whether r is one of the named system codes.
func (r ReasonCode) IsSystem() bool {
	_, ok := lookupReason(r)
	return ok
}

// Meaning returns a short description of r as the reason of state s: the
// Not Ready meaning when s is [NotReady] (or wrap-up ending Not Ready), the
// Logout meaning when s is [Logout]. It returns "" for custom codes, for
// [ReasonNone], and for codes that have no system meaning in that state.
func (r ReasonCode) Meaning(s State) string {
	info, ok := lookupReason(r)
	if !ok {
		return ""
	}
	switch s {
	case NotReady, WorkNotReady:
		return info.notReady
	case Logout:
		return info.logout
	}
	return ""
}

// String returns the code in decimal, as the wire and the reports show it
// ("50002", "65535"). Custom codes print the same way.
func (r ReasonCode) String() string { return strconv.FormatUint(uint64(r), 10) }

// MarshalText implements [encoding.TextMarshaler]: the unsigned decimal wire
// form. Every value is valid, since deployments define their own codes.
func (r ReasonCode) MarshalText() ([]byte, error) {
	return strconv.AppendUint(nil, uint64(r), 10), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts a decimal
// number from −32768 to 65535; negative numbers are taken in their signed
// form (−1 is 65535). Anything else is an error wrapping
// [ccefsm.ErrUnknownName], and r is unchanged.
func (r *ReasonCode) UnmarshalText(text []byte) error {
	v, err := strconv.ParseInt(string(text), 10, 32)
	if err != nil || v < -32768 || v > 65535 {
		return &ccefsm.ParseError{Type: "agentstate.ReasonCode", Text: string(text)}
	}
	*r = ReasonCode(uint16(v))
	return nil
}
