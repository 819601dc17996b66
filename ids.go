package ccefsm

// AgentID identifies an agent. It is the agent's SkillTargetID (ICMAgentID in
// the CTI Server protocol). The zero value is not a valid agent.
type AgentID uint32

// PeripheralID identifies a peripheral (an ACD or Unified CM cluster served by
// one PIM). The zero value is not a valid peripheral.
type PeripheralID uint32

// MRDID identifies a media routing domain (MRDomainID in the CTI Server
// protocol). The zero value is not a valid MRD.
type MRDID uint32

// TaskID identifies a non-voice task (a dialog, in Finesse terms) as the
// application knows it. The zero value is not a valid task.
type TaskID uint64

// RequestID identifies one NEW_TASK request sent by an Application Instance to
// the MR PG. The zero value is not a valid request.
type RequestID uint64

// AppID identifies an Application Instance: a chat, email or task platform
// that routes through the MR PG and reports to the Agent PG CTI server. The
// zero value is not a valid application.
type AppID uint32
