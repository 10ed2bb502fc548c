/*
 * Suspend and resume (x86_64: xen/arch/x86/x86_64/suspend.c): the guest
 * side of save and restore.
 */
#ifndef KERNEL_SUSPEND_H
#define KERNEL_SUSPEND_H

/*
 * Publish the p2m in shared_info (max_pfn, the frame list list) for a
 * saver to find; 0 or -errno (a p2m too large for one frame list).
 */
long p2m_publish(void);

/*
 * SCHEDOP_shutdown(SHUTDOWN_suspend), as Xen's ABI has it: start_info's
 * frame in the third argument, 0 when resumed in a new domain (start_info
 * rewritten: shared_info, rings, channels), 1 when the suspend was
 * cancelled (the same domain goes on), -errno if refused.  shared_info
 * is mapped again either way, and vCPU 0's vcpu_info registered again in
 * a new domain.
 */
long xen_suspend(void);

/*
 * suspendtest=N: count, suspend, check the counter and a pattern in
 * memory survived, N times; then power off, or crash if anything was
 * lost (the toolstack's check reads the shutdown reason).
 */
void suspend_test_run(const char *arg);

#endif /* KERNEL_SUSPEND_H */
