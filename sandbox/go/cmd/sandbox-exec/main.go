// Command sandbox-exec runs a program in its own place (execve) after asking
// the kernel to send it SIGTERM when the process that started it dies. The
// sandbox starts etcd and the Kubernetes programs through it, so that even a
// test runner killed with SIGKILL, whose exit handlers never run, leaves no
// control plane behind.
//
// Usage: sandbox-exec PROGRAM [ARG...]
package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: sandbox-exec PROGRAM [ARG...]")
		os.Exit(2)
	}
	program, err := exec.LookPath(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "sandbox-exec:", err)
		os.Exit(127)
	}

	parent := os.Getppid()
	if err := setParentDeathSignal(syscall.SIGTERM); err != nil {
		fmt.Fprintln(os.Stderr, "sandbox-exec: setting the parent-death signal failed:", err)
		os.Exit(1)
	}
	// The parent may have died before the signal was armed. Then no process
	// would ever stop the program, so do not start it.
	if os.Getppid() != parent {
		os.Exit(1)
	}

	err = syscall.Exec(program, os.Args[1:], os.Environ())
	fmt.Fprintln(os.Stderr, "sandbox-exec: exec", program, "failed:", err)
	os.Exit(126)
}
