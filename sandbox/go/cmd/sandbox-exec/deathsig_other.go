//go:build !linux

package main

import "syscall"

// setParentDeathSignal does nothing where the kernel has no parent-death
// signal; the sandbox then relies on its exit handlers alone.
func setParentDeathSignal(syscall.Signal) error {
	return nil
}
