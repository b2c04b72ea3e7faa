package main

import "syscall"

// setParentDeathSignal arms PR_SET_PDEATHSIG. Linux keeps it across execve
// (it is cleared only for set-user-ID and set-group-ID programs), so the
// program that replaces this process inherits it.
func setParentDeathSignal(signal syscall.Signal) error {
	_, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, uintptr(signal), 0)
	if errno != 0 {
		return errno
	}
	return nil
}
