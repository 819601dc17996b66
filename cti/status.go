package cti

import "github.com/ccefsm/ccefsm"

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=StatusCode -linecomment -output=status_string.go

// StatusCode is the status of FAILURE_CONF, FAILURE_EVENT and CLOSE_REQ: a
// UINT on the wire (guide PV25, Constants and Status Codes, "Failure
// Indication Message Status Codes"). The table has gaps (99-106) and has grown
// with every version, and a failure report must never be lost, so decoding
// accepts any value: Named tells the documented codes apart, and String prints
// "StatusCode(N)" for the others.
type StatusCode uint32

// Status codes: the values and CTI names of the PV25 table. The PV24 change
// list says version 14 added 95-98 and version 24 added 107; 108-110 are in
// the PV25 table only. E_INVALID_CONFIG_MSG_MASK (95) is printed without its
// CTI_ in the PV25 table and is kept so.
const (
	StatusNoError                            StatusCode = 0   // E_CTI_NO_ERROR
	StatusInvalidVersion                     StatusCode = 1   // E_CTI_INVALID_VERSION
	StatusInvalidMessageLength               StatusCode = 2   // E_CTI_INVALID_MESSAGE_LENGTH
	StatusInvalidFieldTag                    StatusCode = 3   // E_CTI_INVALID_FIELD_TAG
	StatusSessionNotOpen                     StatusCode = 4   // E_CTI_SESSION_NOT_OPEN
	StatusSessionAlreadyOpen                 StatusCode = 5   // E_CTI_SESSION_ALREADY_OPEN
	StatusRequiredDataMissing                StatusCode = 6   // E_CTI_REQUIRED_DATA_MISSING
	StatusInvalidPeripheralID                StatusCode = 7   // E_CTI_INVALID_PERIPHERAL_ID
	StatusInvalidAgentData                   StatusCode = 8   // E_CTI_INVALID_AGENT_DATA
	StatusAgentNotLoggedOn                   StatusCode = 9   // E_CTI_AGENT_NOT_LOGGED_ON
	StatusDeviceInUse                        StatusCode = 10  // E_CTI_DEVICE_IN_USE
	StatusNewSessionOpened                   StatusCode = 11  // E_CTI_NEW_SESSION_OPENED
	StatusFunctionNotAvailable               StatusCode = 12  // E_CTI_FUNCTION_NOT_AVAILABLE
	StatusInvalidCallID                      StatusCode = 13  // E_CTI_INVALID_CALLID
	StatusProtectedVariable                  StatusCode = 14  // E_CTI_PROTECTED_VARIABLE
	StatusCTIServerOffline                   StatusCode = 15  // E_CTI_CTI_SERVER_OFFLINE
	StatusTimeout                            StatusCode = 16  // E_CTI_TIMEOUT
	StatusUnspecifiedFailure                 StatusCode = 17  // E_CTI_UNSPECIFIED_FAILURE
	StatusInvalidTimeout                     StatusCode = 18  // E_CTI_INVALID_TIMEOUT
	StatusInvalidServiceMask                 StatusCode = 19  // E_CTI_INVALID_SERVICE_MASK
	StatusInvalidCallMsgMask                 StatusCode = 20  // E_CTI_INVALID_CALL_MSG_MASK
	StatusInvalidAgentStateMask              StatusCode = 21  // E_CTI_INVALID_AGENT_STATE_MASK
	StatusInvalidReservedField               StatusCode = 22  // E_CTI_INVALID_RESERVED_FIELD
	StatusInvalidFieldLength                 StatusCode = 23  // E_CTI_INVALID_FIELD_LENGTH
	StatusInvalidDigits                      StatusCode = 24  // E_CTI_INVALID_DIGITS
	StatusBadMessageFormat                   StatusCode = 25  // E_CTI_BAD_MESSAGE_FORMAT
	StatusInvalidTagForMsgType               StatusCode = 26  // E_CTI_INVALID_TAG_FOR_MSG_TYPE
	StatusInvalidDeviceIDType                StatusCode = 27  // E_CTI_INVALID_DEVICE_ID_TYPE
	StatusInvalidLclConnState                StatusCode = 28  // E_CTI_INVALID_LCL_CONN_STATE
	StatusInvalidEventCause                  StatusCode = 29  // E_CTI_INVALID_EVENT_CAUSE
	StatusInvalidNumParties                  StatusCode = 30  // E_CTI_INVALID_NUM_PARTIES
	StatusInvalidSysEventID                  StatusCode = 31  // E_CTI_INVALID_SYS_EVENT_ID
	StatusInconsistentAgentData              StatusCode = 32  // E_CTI_INCONSISTENT_AGENT_DATA
	StatusInvalidConnectionIDType            StatusCode = 33  // E_CTI_INVALID_CONNECTION_ID_TYPE
	StatusInvalidCallType                    StatusCode = 34  // E_CTI_INVALID_CALL_TYPE
	StatusNotCallParty                       StatusCode = 35  // E_CTI_NOT_CALL_PARTY
	StatusInvalidPassword                    StatusCode = 36  // E_CTI_INVALID_PASSWORD
	StatusClientDisconnected                 StatusCode = 37  // E_CTI_CLIENT_DISCONNECTED
	StatusInvalidObjectState                 StatusCode = 38  // E_CTI_INVALID_OBJECT_STATE
	StatusInvalidNumSkillGroups              StatusCode = 39  // E_CTI_INVALID_NUM_SKILL_GROUPS
	StatusInvalidNumLines                    StatusCode = 40  // E_CTI_INVALID_NUM_LINES
	StatusInvalidLineType                    StatusCode = 41  // E_CTI_INVALID_LINE_TYPE
	StatusInvalidAllocationState             StatusCode = 42  // E_CTI_INVALID_ALLOCATION_STATE
	StatusInvalidAnsweringMachine            StatusCode = 43  // E_CTI_INVALID_ANSWERING_MACHINE
	StatusInvalidCallMannerType              StatusCode = 44  // E_CTI_INVALID_CALL_MANNER_TYPE
	StatusInvalidCallPlacementType           StatusCode = 45  // E_CTI_INVALID_CALL_PLACEMENT_TYPE
	StatusInvalidConsultType                 StatusCode = 46  // E_CTI_INVALID_CONSULT_TYPE
	StatusInvalidFacilityType                StatusCode = 47  // E_CTI_INVALID_FACILITY_TYPE
	StatusInvalidMsgTypeForVersion           StatusCode = 48  // E_CTI_INVALID_MSG_TYPE_FOR_VERSION
	StatusInvalidTagForVersion               StatusCode = 49  // E_CTI_INVALID_TAG_FOR_VERSION
	StatusInvalidAgentWorkMode               StatusCode = 50  // E_CTI_INVALID_AGENT_WORK_MODE
	StatusInvalidCallOption                  StatusCode = 51  // E_CTI_INVALID_CALL_OPTION
	StatusInvalidDestinationCountry          StatusCode = 52  // E_CTI_INVALID_DESTINATION_COUNTRY
	StatusInvalidAnswerDetectMode            StatusCode = 53  // E_CTI_INVALID_ANSWER_DETECT_MODE
	StatusMutuallyExclusDeviceIDTypes        StatusCode = 54  // E_CTI_MUTUALLY_EXCLUS_DEVICEID_TYPES
	StatusInvalidMonitorID                   StatusCode = 55  // E_CTI_INVALID_MONITORID
	StatusSessionMonitorAlreadyExists        StatusCode = 56  // E_CTI_SESSION_MONITOR_ALREADY_EXISTS
	StatusSessionMonitorIsClients            StatusCode = 57  // E_CTI_SESSION_MONITOR_IS_CLIENTS
	StatusInvalidCallControlMask             StatusCode = 58  // E_CTI_INVALID_CALL_CONTROL_MASK
	StatusInvalidFeatureMask                 StatusCode = 59  // E_CTI_INVALID_FEATURE_MASK
	StatusInvalidTransferConferenceSetupMask StatusCode = 60  // E_CTI_INVALID_TRANSFER_CONFERENCE_SETUP_MASK
	StatusInvalidArrayIndex                  StatusCode = 61  // E_CTI_INVALID_ARRAY_INDEX
	StatusInvalidCharacter                   StatusCode = 62  // E_CTI_INVALID_CHARACTER
	StatusClientNotFound                     StatusCode = 63  // E_CTI_CLIENT_NOT_FOUND
	StatusSupervisorNotFound                 StatusCode = 64  // E_CTI_SUPERVISOR_NOT_FOUND
	StatusTeamNotFound                       StatusCode = 65  // E_CTI_TEAM_NOT_FOUND
	StatusNoCallActive                       StatusCode = 66  // E_CTI_NO_CALL_ACTIVE
	StatusNamedVariableNotConfigured         StatusCode = 67  // E_CTI_NAMED_VARIABLE_NOT_CONFIGURED
	StatusNamedArrayNotConfigured            StatusCode = 68  // E_CTI_NAMED_ARRAY_NOT_CONFIGURED
	StatusInvalidCallVariableMask            StatusCode = 69  // E_CTI_INVALID_CALL_VARIABLE_MASK
	StatusElementNotFound                    StatusCode = 70  // E_CTI_ELEMENT_NOT_FOUND
	StatusInvalidDistributionType            StatusCode = 71  // E_CTI_INVALID_DISTRIBUTION_TYPE
	StatusInvalidSkillGroup                  StatusCode = 72  // E_CTI_INVALID_SKILL_GROUP
	StatusTooMuchData                        StatusCode = 73  // E_CTI_TOO_MUCH_DATA
	StatusValueTooLong                       StatusCode = 74  // E_CTI_VALUE_TOO_LONG
	StatusScalarFunctionOnArray              StatusCode = 75  // E_CTI_SCALAR_FUNCTION_ON_ARRAY
	StatusArrayFunctionOnScalar              StatusCode = 76  // E_CTI_ARRAY_FUNCTION_ON_SCALAR
	StatusInvalidNumNamedVariables           StatusCode = 77  // E_CTI_INVALID_NUM_NAMED_VARIABLES
	StatusInvalidNumNamedArrays              StatusCode = 78  // E_CTI_INVALID_NUM_NAMED_ARRAYS
	StatusInvalidRTPDirection                StatusCode = 79  // E_CTI_INVALID_RTP_DIRECTION
	StatusInvalidRTPType                     StatusCode = 80  // E_CTI_INVALID_RTP_TYPE
	StatusCalledPartyDisposition             StatusCode = 81  // E_CTI_CALLED_PARTY_DISPOSITION
	StatusInvalidSupervisoryAction           StatusCode = 82  // E_CTI_INVALID_SUPERVISORY_ACTION
	StatusAgentTeamMonitorAlreadyExists      StatusCode = 83  // E_CTI_AGENT_TEAM_MONITOR_ALREADY_EXISTS
	StatusInvalidService                     StatusCode = 84  // E_CTI_INVALID_SERVICE
	StatusServiceConflict                    StatusCode = 85  // E_CTI_SERVICE_CONFLICT
	StatusSkillGroupConflict                 StatusCode = 86  // E_CTI_SKILL_GROUP_CONFLICT
	StatusInvalidDevice                      StatusCode = 87  // E_CTI_INVALID_DEVICE
	StatusInvalidMRDomain                    StatusCode = 88  // E_CTI_INVALID_MR_DOMAIN
	StatusMonitorAlreadyExists               StatusCode = 89  // E_CTI_MONITOR_ALREADY_EXISTS
	StatusMonitorTerminated                  StatusCode = 90  // E_CTI_MONITOR_TERMINATED
	StatusInvalidTaskMsgMask                 StatusCode = 91  // E_CTI_INVALID_TASK_MSG_MASK
	StatusServerNotMaster                    StatusCode = 92  // E_CTI_SERVER_NOT_MASTER
	StatusInvalidCSD                         StatusCode = 93  // E_CTI_INVALID_CSD
	StatusJTAPICCMProblem                    StatusCode = 94  // E_CTI_JTAPI_CCM_PROBLEM
	StatusInvalidConfigMsgMask               StatusCode = 95  // E_INVALID_CONFIG_MSG_MASK
	StatusAutoConfigReset                    StatusCode = 96  // E_CTI_AUTO_CONFIG_RESET
	StatusInvalidMonitorStatus               StatusCode = 97  // E_CTI_INVALID_MONITOR_STATUS
	StatusInvalidRequestType                 StatusCode = 98  // E_CTI_INVALID_REQUEST_TYPE
	StatusInvalidClientForStandby            StatusCode = 107 // E_CTI_INVALID_CLIENT_FOR_STANDBY
	StatusInvalidUniqueInstanceID            StatusCode = 108 // E_CTI_INVALID_UNIQUE_INSTANCE_ID
	StatusDuplicateUniqueInstanceID          StatusCode = 109 // E_CTI_DUPLICATE_UNIQUE_INSTANCE_ID
	StatusServerInMaintenanceMode            StatusCode = 110 // E_CTI_SERVER_IN_MAINTENANCE_MODE
)

var statusCodes = [...]StatusCode{
	StatusNoError,
	StatusInvalidVersion,
	StatusInvalidMessageLength,
	StatusInvalidFieldTag,
	StatusSessionNotOpen,
	StatusSessionAlreadyOpen,
	StatusRequiredDataMissing,
	StatusInvalidPeripheralID,
	StatusInvalidAgentData,
	StatusAgentNotLoggedOn,
	StatusDeviceInUse,
	StatusNewSessionOpened,
	StatusFunctionNotAvailable,
	StatusInvalidCallID,
	StatusProtectedVariable,
	StatusCTIServerOffline,
	StatusTimeout,
	StatusUnspecifiedFailure,
	StatusInvalidTimeout,
	StatusInvalidServiceMask,
	StatusInvalidCallMsgMask,
	StatusInvalidAgentStateMask,
	StatusInvalidReservedField,
	StatusInvalidFieldLength,
	StatusInvalidDigits,
	StatusBadMessageFormat,
	StatusInvalidTagForMsgType,
	StatusInvalidDeviceIDType,
	StatusInvalidLclConnState,
	StatusInvalidEventCause,
	StatusInvalidNumParties,
	StatusInvalidSysEventID,
	StatusInconsistentAgentData,
	StatusInvalidConnectionIDType,
	StatusInvalidCallType,
	StatusNotCallParty,
	StatusInvalidPassword,
	StatusClientDisconnected,
	StatusInvalidObjectState,
	StatusInvalidNumSkillGroups,
	StatusInvalidNumLines,
	StatusInvalidLineType,
	StatusInvalidAllocationState,
	StatusInvalidAnsweringMachine,
	StatusInvalidCallMannerType,
	StatusInvalidCallPlacementType,
	StatusInvalidConsultType,
	StatusInvalidFacilityType,
	StatusInvalidMsgTypeForVersion,
	StatusInvalidTagForVersion,
	StatusInvalidAgentWorkMode,
	StatusInvalidCallOption,
	StatusInvalidDestinationCountry,
	StatusInvalidAnswerDetectMode,
	StatusMutuallyExclusDeviceIDTypes,
	StatusInvalidMonitorID,
	StatusSessionMonitorAlreadyExists,
	StatusSessionMonitorIsClients,
	StatusInvalidCallControlMask,
	StatusInvalidFeatureMask,
	StatusInvalidTransferConferenceSetupMask,
	StatusInvalidArrayIndex,
	StatusInvalidCharacter,
	StatusClientNotFound,
	StatusSupervisorNotFound,
	StatusTeamNotFound,
	StatusNoCallActive,
	StatusNamedVariableNotConfigured,
	StatusNamedArrayNotConfigured,
	StatusInvalidCallVariableMask,
	StatusElementNotFound,
	StatusInvalidDistributionType,
	StatusInvalidSkillGroup,
	StatusTooMuchData,
	StatusValueTooLong,
	StatusScalarFunctionOnArray,
	StatusArrayFunctionOnScalar,
	StatusInvalidNumNamedVariables,
	StatusInvalidNumNamedArrays,
	StatusInvalidRTPDirection,
	StatusInvalidRTPType,
	StatusCalledPartyDisposition,
	StatusInvalidSupervisoryAction,
	StatusAgentTeamMonitorAlreadyExists,
	StatusInvalidService,
	StatusServiceConflict,
	StatusSkillGroupConflict,
	StatusInvalidDevice,
	StatusInvalidMRDomain,
	StatusMonitorAlreadyExists,
	StatusMonitorTerminated,
	StatusInvalidTaskMsgMask,
	StatusServerNotMaster,
	StatusInvalidCSD,
	StatusJTAPICCMProblem,
	StatusInvalidConfigMsgMask,
	StatusAutoConfigReset,
	StatusInvalidMonitorStatus,
	StatusInvalidRequestType,
	StatusInvalidClientForStandby,
	StatusInvalidUniqueInstanceID,
	StatusDuplicateUniqueInstanceID,
	StatusServerInMaintenanceMode,
}

// Named reports whether c is one of the documented status codes.
func (c StatusCode) Named() bool {
	lo, hi := 0, len(statusCodes)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if statusCodes[m] < c {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(statusCodes) && statusCodes[lo] == c
}

// MarshalText implements [encoding.TextMarshaler] with the CTI name. An
// undocumented code is an error wrapping [ccefsm.ErrUnknownValue].
func (c StatusCode) MarshalText() ([]byte, error) {
	if !c.Named() {
		return nil, &ccefsm.ValueError{Type: "cti.StatusCode", Value: int64(c)}
	}
	return []byte(c.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the CTI
// names returned by String. Other text is an error wrapping
// [ccefsm.ErrUnknownName], and c is unchanged.
func (c *StatusCode) UnmarshalText(text []byte) error {
	for _, x := range statusCodes {
		if x.String() == string(text) {
			*c = x
			return nil
		}
	}
	return &ccefsm.ParseError{Type: "cti.StatusCode", Text: string(text)}
}
