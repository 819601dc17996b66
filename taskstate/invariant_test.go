package taskstate

// verify runs the store's own invariant check (the one UnmarshalBinary
// runs on every store it decodes) and then round-trips the store through
// its snapshot: the restored store must pass the check and marshal to the
// same bytes.
func verify(s *Store) error {
	if p := s.check(); p != nil {
		return p
	}
	snap, err := s.MarshalBinary()
	if err != nil {
		return err
	}
	var back Store
	if err := back.UnmarshalBinary(snap); err != nil {
		return err
	}
	again, err := back.MarshalBinary()
	if err != nil {
		return err
	}
	if string(again) != string(snap) {
		return errSnapshotDrift
	}
	return nil
}

type driftError struct{}

func (driftError) Error() string { return "snapshot of the restored store differs" }

var errSnapshotDrift error = driftError{}
