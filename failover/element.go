package failover

import (
	"strconv"
	"strings"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/enumtext"
)

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=Kind -linecomment -output=kind_string.go

// Kind is the kind of an [Element]: a component of the contact center, or a
// link between two components. Components and links are what an operator
// sees fail; the paths the rules speak of (an application's path to the MR
// PG, a PG's path to the Central Controller, …) are derived from them
// ([Path], rule CS-1).
//
// The zero value, KindNone, is not a valid kind.
type Kind uint8

// Element kinds. The line comment is the text form used by [Element]'s
// MarshalText and by scenario files.
const (
	KindNone Kind = iota // none

	// CentralController is one side (A or B) of the Central Controller:
	// the CallRouter and Logger of that side. ID is 0.
	CentralController // central-controller
	// AgentPG is one side of an Agent PG (ID: the PG). Its PIMs, CTI server
	// and OPC go down with it (CS-7).
	AgentPG // agent-pg
	// PIM is the PIM of one peripheral (ID: the peripheral) on one side of
	// its Agent PG.
	PIM // pim
	// ACD is the peripheral's switch itself (ID: the peripheral); it has no
	// side (CS-6).
	ACD // acd
	// CTIServer is the CTI server process on one side of an Agent PG (ID:
	// the PG).
	CTIServer // cti-server
	// CTIManager is one side of a CTI Manager service pair (ID: the CTI
	// Manager; side A is the primary, B the backup).
	CTIManager // cti-manager
	// MRPG is one side of an MR PG (ID: the MR PG).
	MRPG // mr-pg
	// MRPIM is the MR PIM on one side of an MR PG (ID: the MR PG).
	MRPIM // mr-pim
	// Application is an Application Instance (ID: the application). Its
	// paths to the MR PG and to the Agent PG CTI server go down with it
	// (CS-2).
	Application // app
	// Finesse is one server of a Finesse pair (ID: the pair; side A is the
	// primary, B the backup).
	Finesse // finesse
	// Desktop is one agent's desktop (ID: the agent).
	Desktop // desktop

	// LinkPIMACD is the link between a peripheral's PIM on one side and its
	// ACD (ID: the peripheral).
	LinkPIMACD // link-pim-acd
	// LinkPGController is the link between one side of an Agent PG (its CTI
	// server and OPC) and the Central Controller (ID: the PG).
	LinkPGController // link-pg-cc
	// LinkMRPIMController is the link between the MR PIM on one side of an
	// MR PG and the Central Controller (ID: the MR PG).
	LinkMRPIMController // link-mrpim-cc
	// LinkAppMRPG is the link between an Application Instance and its MR PG
	// (ID: the application).
	LinkAppMRPG // link-app-mrpg
	// LinkAppCTIServer is the link between an Application Instance and its
	// Agent PG's CTI server (ID: the application).
	LinkAppCTIServer // link-app-cti
	// LinkFinesseCTIServer is the link between one Finesse server and its
	// Agent PG's CTI server (ID: the Finesse pair, side: the server).
	LinkFinesseCTIServer // link-finesse-cti
	// LinkDesktopFinesse is the link between one agent's desktop and the
	// Finesse server (ID: the agent).
	LinkDesktopFinesse // link-desktop-finesse

	numKinds
)

// IsValid reports whether k is a defined kind other than KindNone.
func (k Kind) IsValid() bool { return k > KindNone && k < numKinds }

// IsLink reports whether k is a link rather than a component.
func (k Kind) IsLink() bool { return k >= LinkPIMACD && k < numKinds }

// sided reports whether elements of kind k have a side (A or B).
func (k Kind) sided() bool {
	switch k {
	case CentralController, AgentPG, PIM, CTIServer, CTIManager, MRPG, MRPIM, Finesse,
		LinkPIMACD, LinkPGController, LinkMRPIMController, LinkFinesseCTIServer:
		return true
	}
	return false
}

// MarshalText implements [encoding.TextMarshaler].
func (k Kind) MarshalText() ([]byte, error) {
	return enumtext.Marshal(k, KindNone+1, numKinds-1, "failover.Kind")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error k is
// unchanged.
func (k *Kind) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(k, text, KindNone+1, numKinds-1, "failover.Kind")
}

// Element names one component or link of a [Topology]: its kind, its ID
// (the PG, peripheral, MR PG, application, CTI Manager, Finesse pair or
// agent it belongs to; 0 for the Central Controller) and, for kinds that
// come in pairs, its side. Elements are small comparable values.
//
// The zero value is not a valid element.
type Element struct {
	Kind Kind
	ID   uint32
	Side ccefsm.Side
}

// String returns the element's text form, such as "pim:5000:A",
// "app:7" or "central-controller:B".
func (e Element) String() string {
	b, err := e.appendText(nil)
	if err != nil {
		return "element(" + strconv.Itoa(int(e.Kind)) + ":" + strconv.FormatUint(uint64(e.ID), 10) + ":" + strconv.Itoa(int(e.Side)) + ")"
	}
	return string(b)
}

func (e Element) appendText(b []byte) ([]byte, error) {
	if err := e.check(); err != nil {
		return nil, err
	}
	b = append(b, e.Kind.String()...)
	if e.Kind != CentralController {
		b = append(b, ':')
		b = strconv.AppendUint(b, uint64(e.ID), 10)
	}
	if e.Kind.sided() {
		b = append(b, ':')
		b = append(b, e.Side.String()...)
	}
	return b, nil
}

// check reports whether e is well formed: a valid kind, a side A or B
// exactly when the kind has sides, a zero ID exactly for the Central
// Controller.
func (e Element) check() error {
	switch {
	case !e.Kind.IsValid():
		return &ccefsm.ValueError{Type: "failover.Kind", Value: int64(e.Kind)}
	case e.Kind.sided() && e.Side != ccefsm.SideA && e.Side != ccefsm.SideB,
		!e.Kind.sided() && e.Side != ccefsm.SideNone:
		return &ccefsm.ValueError{Type: "ccefsm.Side", Value: int64(e.Side)}
	case (e.Kind == CentralController) != (e.ID == 0):
		return &ccefsm.ValueError{Type: "failover.Element.ID", Value: int64(e.ID)}
	}
	return nil
}

// MarshalText implements [encoding.TextMarshaler]: "kind:ID:side", where
// the Central Controller has no ID and kinds without sides no side.
func (e Element) MarshalText() ([]byte, error) { return e.appendText(nil) }

// UnmarshalText implements [encoding.TextUnmarshaler], accepting the form
// of MarshalText. On error e is unchanged.
func (e *Element) UnmarshalText(text []byte) error {
	v, err := ParseElement(string(text))
	if err != nil {
		return err
	}
	*e = v
	return nil
}

// ParseElement parses the text form of an element, such as "pim:5000:A",
// "acd:5000", "app:7" or "central-controller:A". The error wraps
// [ccefsm.ErrUnknownName] for text that names no element.
func ParseElement(s string) (Element, error) {
	bad := func() (Element, error) {
		return Element{}, &ccefsm.ParseError{Type: "failover.Element", Text: s}
	}
	parts := strings.Split(s, ":")
	var e Element
	if err := e.Kind.UnmarshalText([]byte(parts[0])); err != nil {
		return bad()
	}
	rest := parts[1:]
	if e.Kind != CentralController {
		if len(rest) == 0 {
			return bad()
		}
		id, err := strconv.ParseUint(rest[0], 10, 32)
		if err != nil || rest[0] != strconv.FormatUint(id, 10) {
			return bad()
		}
		e.ID = uint32(id)
		rest = rest[1:]
	}
	if e.Kind.sided() {
		if len(rest) == 0 || (rest[0] != "A" && rest[0] != "B") {
			return bad()
		}
		e.Side = ccefsm.SideA
		if rest[0] == "B" {
			e.Side = ccefsm.SideB
		}
		rest = rest[1:]
	}
	if len(rest) != 0 || e.check() != nil {
		return bad()
	}
	return e, nil
}
