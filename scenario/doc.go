// Package scenario is the scenario file format of ccefsm.
package scenario
