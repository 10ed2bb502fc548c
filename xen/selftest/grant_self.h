/*
 * The grant suites map grants of their own table (kernel/grant.h), which
 * needs the table set up and our domid known (domain 0 only).
 */
#ifndef SELFTEST_GRANT_SELF_H
#define SELFTEST_GRANT_SELF_H

#include <kernel/grant.h>
#include <lib/selftest.h>

/* Both hold; else t fails (no table) or is skipped (not domain 0). */
static inline bool grant_self_ready(struct selftest *t)
{
	long rc = gnttab_init();

	if (rc) {
		st_fail(t, __FILE__, __LINE__, "gnttab_init: %ld", rc);
		return false;
	}
	if (gnttab_self_domid() < 0) {
		st_skip(t, "our domid is known only as domain 0");
		return false;
	}
	return true;
}

#endif /* SELFTEST_GRANT_SELF_H */
