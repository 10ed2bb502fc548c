/*
 * The hypervisor's memory audit, from domain 0 (mm_audit.c): our private
 * sysctl XEN_SYSCTL_mm_audit (Documentation/x86-pv.rst).
 */
#ifndef SELFTEST_MM_AUDIT_H
#define SELFTEST_MM_AUDIT_H

#include <lib/selftest.h>

/*
 * The errors the audit found (0: consistent), or -ENOSYS / -EOPNOTSUPP
 * where the hypervisor has no audit (Xen 4.17), -EPERM outside domain 0,
 * or another -errno.
 */
long mm_audit_errors(void);

/* The hypervisor audits its memory for us (ours, from domain 0; not Xen 4.17). */
bool mm_audit_available(void);

/* Fail t if the audit runs and finds errors; nothing where it cannot run. */
void st_expect_mm_consistent(struct selftest *t, const char *file, int line);
#define ST_EXPECT_MM_CONSISTENT(t) st_expect_mm_consistent(t, __FILE__, __LINE__)

/*
 * AUDITED(fn) makes fn_audited: the case, then the audit (what an attack
 * left must still add up); AUDITED_CASE(fn) is its selftest_case.
 */
#define AUDITED(fn)							\
	static void fn##_audited(struct selftest *t)			\
	{								\
		fn(t);							\
		ST_EXPECT_MM_CONSISTENT(t);				\
	}
#define AUDITED_CASE(fn) { #fn, fn##_audited }

#endif /* SELFTEST_MM_AUDIT_H */
