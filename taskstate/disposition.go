package taskstate

import "github.com/ccefsm/ccefsm/internal/enumtext"

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=Disposition -linecomment -output=disposition_string.go

// Disposition is the CallDisposition a task (or call) ends with, as written to
// the Termination_Call_Detail record and carried by the CTI Server protocol
// ("Disposition Code Values", CTI Server Message Reference Guide PV25, UCCE
// 15.0(1)). The numbers are Cisco's, 1 to 65, and never change.
//
// String, MarshalText and UnmarshalText use the DBCD_ constant names. The
// names confirmed by Cisco material are DBCD_APPLICATION_PATH_WENT_DOWN (42,
// Reporting Concepts 12.6(1)), DBCD_DROP_HANDLED_PRIMARY_ROUTE (13, TechNote
// 43621) and, for 6, 9, 10, 11, 12, 20, 21, 22, 28 and 52, the DBCD_ names of
// the GED-125 dissector (wireshark, packet-ged125.c). The others are inferred:
// CTI extended event cause CECX_X has the value 1000 + n, and the disposition
// n is named DBCD_X; 58-62 follow the base causes CEC_ROUTER_REQUERY_… and
// CEC_NETWORK_ERROR_…, and 63-65 the descriptive names of the PV20 change
// notes. [Disposition.NameDocumented] tells the two apart.
//
// The values and descriptions come from the CTI Server's "Disposition Code
// Values" table (1-65), except 56: the table has no row for it, and the value
// "network conference" is inferred from the extended call-cleared cause
// CECX_NETWORK_CONFERENCE = 1056, which pairs with the DBCD_ values as 1000 +
// n for every other n. [Disposition.ValueDocumented] says so.
//
// The zero value is not a valid disposition.
type Disposition uint8

// CallDisposition values. The Go names follow the DBCD_ names; the line
// comments are the DBCD_ names themselves (String's output). The numbers and
// descriptions are documented but for 56 (inferred, see [Disposition]); the
// DBCD_ names of all but 6, 9-13, 20-22, 28, 42 and 52 are inferred by the
// CECX_→DBCD_ pattern.
const (
	AbandNetwork                 Disposition = 1  // DBCD_ABAND_NETWORK
	AbandLocalQueue              Disposition = 2  // DBCD_ABAND_LOCAL_QUEUE
	AbandRing                    Disposition = 3  // DBCD_ABAND_RING
	AbandDelay                   Disposition = 4  // DBCD_ABAND_DELAY
	AbandInterflow               Disposition = 5  // DBCD_ABAND_INTERFLOW
	AbandAgentTerminal           Disposition = 6  // DBCD_ABAND_AGENT_TERMINAL
	Short                        Disposition = 7  // DBCD_SHORT
	Busy                         Disposition = 8  // DBCD_BUSY
	ForcedBusy                   Disposition = 9  // DBCD_FORCED_BUSY
	DropNoAnswer                 Disposition = 10 // DBCD_DROP_NO_ANSWER
	DropBusy                     Disposition = 11 // DBCD_DROP_BUSY
	DropReorder                  Disposition = 12 // DBCD_DROP_REORDER
	DropHandledPrimaryRoute      Disposition = 13 // DBCD_DROP_HANDLED_PRIMARY_ROUTE
	DropHandledOther             Disposition = 14 // DBCD_DROP_HANDLED_OTHER
	Redirected                   Disposition = 15 // DBCD_REDIRECTED
	CutThrough                   Disposition = 16 // DBCD_CUT_THROUGH
	Intraflow                    Disposition = 17 // DBCD_INTRAFLOW
	Interflow                    Disposition = 18 // DBCD_INTERFLOW
	RingNoAnswer                 Disposition = 19 // DBCD_RING_NO_ANSWER
	InterceptReorder             Disposition = 20 // DBCD_INTERCEPT_REORDER
	InterceptDenial              Disposition = 21 // DBCD_INTERCEPT_DENIAL
	TimeOut                      Disposition = 22 // DBCD_TIME_OUT
	VoiceEnergy                  Disposition = 23 // DBCD_VOICE_ENERGY
	NonclassifiedEnergyDetect    Disposition = 24 // DBCD_NONCLASSIFIED_ENERGY_DETECT
	NoCutThrough                 Disposition = 25 // DBCD_NO_CUT_THROUGH
	UAbort                       Disposition = 26 // DBCD_UABORT
	FailedSoftware               Disposition = 27 // DBCD_FAILED_SOFTWARE
	BlindTransfer                Disposition = 28 // DBCD_BLIND_TRANSFER
	AnnouncedTransfer            Disposition = 29 // DBCD_ANNOUNCED_TRANSFER
	Conferenced                  Disposition = 30 // DBCD_CONFERENCED
	DuplicateTransfer            Disposition = 31 // DBCD_DUPLICATE_TRANSFER
	UnmonitoredDevice            Disposition = 32 // DBCD_UNMONITORED_DEVICE
	AnsweringMachine             Disposition = 33 // DBCD_ANSWERING_MACHINE
	NetworkBlindTransfer         Disposition = 34 // DBCD_NETWORK_BLIND_TRANSFER
	TaskAbandonedInRouter        Disposition = 35 // DBCD_TASK_ABANDONED_IN_ROUTER
	TaskAbandonedBeforeOffered   Disposition = 36 // DBCD_TASK_ABANDONED_BEFORE_OFFERED
	TaskAbandonedWhileOffered    Disposition = 37 // DBCD_TASK_ABANDONED_WHILE_OFFERED
	NormalEndTask                Disposition = 38 // DBCD_NORMAL_END_TASK
	CantObtainTaskID             Disposition = 39 // DBCD_CANT_OBTAIN_TASK_ID
	AgentLoggedOutDuringTask     Disposition = 40 // DBCD_AGENT_LOGGED_OUT_DURING_TASK
	MaxTaskLifetimeExceeded      Disposition = 41 // DBCD_MAX_TASK_LIFETIME_EXCEEDED
	ApplicationPathWentDown      Disposition = 42 // DBCD_APPLICATION_PATH_WENT_DOWN
	ICMRoutingComplete           Disposition = 43 // DBCD_ICM_ROUTING_COMPLETE
	ICMRoutingDisabled           Disposition = 44 // DBCD_ICM_ROUTING_DISABLED
	ApplInvalidMRDID             Disposition = 45 // DBCD_APPL_INVALID_MRD_ID
	ApplInvalidDialogueID        Disposition = 46 // DBCD_APPL_INVALID_DIALOGUE_ID
	ApplDuplicateDialogueID      Disposition = 47 // DBCD_APPL_DUPLICATE_DIALOGUE_ID
	ApplInvalidInvokeID          Disposition = 48 // DBCD_APPL_INVALID_INVOKE_ID
	ApplInvalidScriptSelector    Disposition = 49 // DBCD_APPL_INVALID_SCRIPT_SELECTOR
	ApplTerminateDialogue        Disposition = 50 // DBCD_APPL_TERMINATE_DIALOGUE
	TaskEndedDuringAppInit       Disposition = 51 // DBCD_TASK_ENDED_DURING_APP_INIT
	CalledPartyDisconnected      Disposition = 52 // DBCD_CALLED_PARTY_DISCONNECTED
	PartialCall                  Disposition = 53 // DBCD_PARTIAL_CALL
	DropNetworkConsult           Disposition = 54 // DBCD_DROP_NETWORK_CONSULT
	NetworkConsultTransfer       Disposition = 55 // DBCD_NETWORK_CONSULT_TRANSFER
	NetworkConference            Disposition = 56 // DBCD_NETWORK_CONFERENCE
	AbandNetworkConsult          Disposition = 57 // DBCD_ABAND_NETWORK_CONSULT
	RouterRequeryBeforeAnswer    Disposition = 58 // DBCD_ROUTER_REQUERY_BEFORE_ANSWER
	RouterRequeryAfterAnswer     Disposition = 59 // DBCD_ROUTER_REQUERY_AFTER_ANSWER
	NetworkError                 Disposition = 60 // DBCD_NETWORK_ERROR
	NetworkErrorBeforeAnswer     Disposition = 61 // DBCD_NETWORK_ERROR_BEFORE_ANSWER
	NetworkErrorAfterAnswer      Disposition = 62 // DBCD_NETWORK_ERROR_AFTER_ANSWER
	TaskTransfer                 Disposition = 63 // DBCD_TASK_TRANSFER
	ApplicationDisconnected      Disposition = 64 // DBCD_APPLICATION_DISCONNECTED
	TaskTransferredOnAgentLogout Disposition = 65 // DBCD_TASK_TRANSFERRED_ON_AGENT_LOGOUT

	maxDisposition = TaskTransferredOnAgentLogout
)

// dispositionInfo holds, per value, the readable description (paraphrased
// from the Disposition Code Values table) and whether the DBCD_ name is
// documented. The value itself is documented for all but 56
// (valueInferred).
var dispositionInfo = [maxDisposition + 1]struct {
	desc       string
	documented bool
}{
	AbandNetwork:                 {"abandoned in network", false},
	AbandLocalQueue:              {"abandoned in local queue", false},
	AbandRing:                    {"abandoned while ringing", false},
	AbandDelay:                   {"abandoned during delay", false},
	AbandInterflow:               {"abandoned during interflow", false},
	AbandAgentTerminal:           {"abandoned at agent terminal", true},
	Short:                        {"short call", false},
	Busy:                         {"busy", false},
	ForcedBusy:                   {"forced busy", true},
	DropNoAnswer:                 {"disconnect/drop, no answer", true},
	DropBusy:                     {"disconnect/drop, busy", true},
	DropReorder:                  {"disconnect/drop, reorder", true},
	DropHandledPrimaryRoute:      {"disconnect/drop, handled by primary route", true},
	DropHandledOther:             {"disconnect/drop, handled other", false},
	Redirected:                   {"redirected", false},
	CutThrough:                   {"cut through", false},
	Intraflow:                    {"intraflow", false},
	Interflow:                    {"interflow", false},
	RingNoAnswer:                 {"ring no answer", false},
	InterceptReorder:             {"intercept, reorder", true},
	InterceptDenial:              {"intercept, denial", true},
	TimeOut:                      {"time out", true},
	VoiceEnergy:                  {"voice energy", false},
	NonclassifiedEnergyDetect:    {"non-classified energy detected", false},
	NoCutThrough:                 {"no cut through", false},
	UAbort:                       {"U-abort", false},
	FailedSoftware:               {"failed software", false},
	BlindTransfer:                {"blind transfer", true},
	AnnouncedTransfer:            {"announced transfer", false},
	Conferenced:                  {"conferenced", false},
	DuplicateTransfer:            {"duplicate transfer", false},
	UnmonitoredDevice:            {"unmonitored device", false},
	AnsweringMachine:             {"answering machine", false},
	NetworkBlindTransfer:         {"network blind transfer", false},
	TaskAbandonedInRouter:        {"task abandoned in router", false},
	TaskAbandonedBeforeOffered:   {"task abandoned before offered", false},
	TaskAbandonedWhileOffered:    {"task abandoned while offered", false},
	NormalEndTask:                {"normal end task", false},
	CantObtainTaskID:             {"can't obtain task ID", false},
	AgentLoggedOutDuringTask:     {"agent logged out during task", false},
	MaxTaskLifetimeExceeded:      {"maximum task lifetime exceeded", false},
	ApplicationPathWentDown:      {"application path went down", true},
	ICMRoutingComplete:           {"CCE routing complete", false},
	ICMRoutingDisabled:           {"CCE routing disabled", false},
	ApplInvalidMRDID:             {"application: invalid MRD ID", false},
	ApplInvalidDialogueID:        {"application: invalid dialogue ID", false},
	ApplDuplicateDialogueID:      {"application: duplicate dialogue ID", false},
	ApplInvalidInvokeID:          {"application: invalid invoke ID", false},
	ApplInvalidScriptSelector:    {"application: invalid script selector", false},
	ApplTerminateDialogue:        {"application: terminate dialogue", false},
	TaskEndedDuringAppInit:       {"task ended during application init", false},
	CalledPartyDisconnected:      {"called party disconnected", true},
	PartialCall:                  {"partial call (interim record)", false},
	DropNetworkConsult:           {"drop network consult", false},
	NetworkConsultTransfer:       {"network consult transfer", false},
	NetworkConference:            {"network conference (inferred)", false},
	AbandNetworkConsult:          {"abandon network consult", false},
	RouterRequeryBeforeAnswer:    {"router requery before answer", false},
	RouterRequeryAfterAnswer:     {"router requery after answer", false},
	NetworkError:                 {"network error", false},
	NetworkErrorBeforeAnswer:     {"network error before answer", false},
	NetworkErrorAfterAnswer:      {"network error after answer", false},
	TaskTransfer:                 {"task transferred", false},
	ApplicationDisconnected:      {"application disconnected", false},
	TaskTransferredOnAgentLogout: {"task transferred on agent logout", false},
}

// IsValid reports whether d is one of the CallDisposition values 1-65.
func (d Disposition) IsValid() bool { return d >= AbandNetwork && d <= maxDisposition }

// Description returns a readable description of d, such as "application
// path went down", or "" when d is not valid.
func (d Disposition) Description() string {
	if !d.IsValid() {
		return ""
	}
	return dispositionInfo[d].desc
}

// valueInferred is the one value absent from the Disposition Code Values
// table of the CTI Server Message Reference Guide (PV25); the same guide's
// extended call-cleared causes list CECX_NETWORK_CONFERENCE = 1056, from
// which the value is inferred.
const valueInferred = NetworkConference

// NameDocumented reports whether d's DBCD_ name appears in Cisco material;
// false means the name is inferred by the CECX_→DBCD_ pattern.
func (d Disposition) NameDocumented() bool {
	return d.IsValid() && dispositionInfo[d].documented
}

// ValueDocumented reports whether d is a row of the CTI Server's Disposition
// Code Values table: true for every valid value but 56 (NetworkConference),
// which the table lacks and the library infers from
// CECX_NETWORK_CONFERENCE = 1056.
func (d Disposition) ValueDocumented() bool {
	return d.IsValid() && d != valueInferred
}

// MarshalText implements [encoding.TextMarshaler]: the DBCD_ name. Values
// outside 1-65 are an error wrapping [ccefsm.ErrUnknownValue].
func (d Disposition) MarshalText() ([]byte, error) {
	return enumtext.Marshal(d, AbandNetwork, maxDisposition, "taskstate.Disposition")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts the DBCD_
// names returned by String. On error, which wraps [ccefsm.ErrUnknownName], d
// is unchanged.
func (d *Disposition) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(d, text, AbandNetwork, maxDisposition, "taskstate.Disposition")
}
