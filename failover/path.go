package failover

import (
	"strconv"

	"github.com/ccefsm/ccefsm/internal/enumtext"
)

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=PathKind -linecomment -output=path_string.go

// PathKind is the kind of a [Path]: a connection the rules speak of, up
// only when its links and the components at both of its ends are up
// (CS-1). The engine derives paths from the state of the elements; the
// caller never sets them.
//
// The zero value, PathNone, is not a valid kind.
type PathKind uint8

// Path kinds.
const (
	PathNone PathKind = iota // none
	// PathController: the Central Controller as a whole, up while one of
	// its sides is up (CS-5). ID 0.
	PathController // central-controller
	// PathPG: an Agent PG as a whole, up while one of its sides is up; when
	// it goes down the interval data it buffered is lost (RP-8).
	PathPG // agent-pg
	// PathPGController: an Agent PG's CTI server and OPC reaching the
	// CallRouter: a PG side up with its link to the Central Controller up,
	// and the Central Controller up (RT-6, CS-3).
	PathPGController // agent-pg-to-cc
	// PathMRPIMController: an MR PG's MR PIM reaching the Central
	// Controller: an MR PG side with its MR PIM and its link up, and the
	// Central Controller up (RT-3, RT-4, CS-3). ID: the MR PG.
	PathMRPIMController // mr-pim-to-cc
	// PathAppMRPG: an Application Instance reaching its MR PG: the
	// application, the link, and an MR PG side with its MR PIM up (RT-1,
	// RT-2, CS-2). ID: the application.
	PathAppMRPG // app-to-mr-pg
	// PathAppCTIServer: an Application Instance reaching its Agent PG's CTI
	// server: the application, the link, and a PG side with its CTI server
	// up (AG-8, AG-9, TS-1 … TS-5, CS-2). ID: the application.
	PathAppCTIServer // app-to-cti-server
	// PathFinesse: a Finesse pair serving its agents: its active server up
	// and reaching a CTI server of its PG (AG-6, AG-7). ID: the pair.
	PathFinesse // finesse
	// PathCTIManager: a CTI Manager service in service: its active side up
	// (AG-4, AG-5). ID: the CTI Manager.
	PathCTIManager // cti-manager
	// PathDesktop: one agent's desktop reaching Finesse: the desktop and
	// its link up (AG-6, AG-7). ID: the agent.
	PathDesktop // desktop
	// PathPeripheral: a peripheral online to the Central Controller: a PIM
	// side active, that is a PG side up with its PIM, its link to the ACD
	// and the ACD up (AG-1, AG-3, CS-6). ID: the peripheral.
	PathPeripheral // peripheral

	numPathKinds
)

// MarshalText implements [encoding.TextMarshaler].
func (k PathKind) MarshalText() ([]byte, error) {
	return enumtext.Marshal(k, PathNone+1, numPathKinds-1, "failover.PathKind")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error k is
// unchanged.
func (k *PathKind) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(k, text, PathNone+1, numPathKinds-1, "failover.PathKind")
}

// Path names one derived path: its kind and the ID of the element it
// belongs to (the PG, MR PG, application, Finesse pair, CTI Manager or
// agent; 0 for the Central Controller).
type Path struct {
	Kind PathKind
	ID   uint32
}

// String returns "kind:ID", such as "app-to-cti-server:7", or the kind
// alone for the Central Controller.
func (p Path) String() string {
	if p.Kind == PathController {
		return p.Kind.String()
	}
	return p.Kind.String() + ":" + strconv.FormatUint(uint64(p.ID), 10)
}

// MarshalText implements [encoding.TextMarshaler] with the form of String.
func (p Path) MarshalText() ([]byte, error) {
	if _, err := p.Kind.MarshalText(); err != nil {
		return nil, err
	}
	return []byte(p.String()), nil
}
