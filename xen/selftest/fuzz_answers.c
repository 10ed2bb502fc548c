/*
 * What the hypervisor answered the fuzzer: each distinct (hypercall,
 * subop, answer) and how often, printed at the end of a run, so that two
 * hypervisors fed the same seed can be set side by side (ours and Xen
 * 4.17: Documentation/dev-tools/fuzzing.rst).  With fuzz.answers=1 every
 * iteration's answers are printed too (a multicall's entries each), for
 * a diff line by line: the calls are the same where the state they met
 * is, and differ where it is not (frame numbers, domain ids, time).
 */
#include <kernel/printk.h>
#include "fuzz.h"

#define FZ_ANSWERS	1024	/* distinct triples kept; more are counted apart */

static struct fz_answer {
	uint32_t nr, subop;
	long rc;
	unsigned long count;
} answers[FZ_ANSWERS];
static unsigned int nr_answers;
static unsigned long lost;

/* The subop a call names: its first argument, for those that have one. */
static uint32_t subop_of(unsigned long nr, const unsigned long *a)
{
	switch (nr) {
	case __HYPERVISOR_memory_op:
		return a[0] & 0x3f;
	case __HYPERVISOR_grant_table_op: case __HYPERVISOR_event_channel_op:
	case __HYPERVISOR_sched_op: case __HYPERVISOR_vcpu_op:
	case __HYPERVISOR_physdev_op: case __HYPERVISOR_xen_version:
	case __HYPERVISOR_console_io: case __HYPERVISOR_callback_op:
	case __HYPERVISOR_vm_assist: case __HYPERVISOR_set_segment_base:
	case __HYPERVISOR_get_debugreg: case __HYPERVISOR_set_debugreg:
		return a[0] < 0x100 ? a[0] : 0xffff;
	}
	return 0;
}

/* Answers are small errnos or values: anything else is "a value". */
static long fold(long rc)
{
	return rc < -4095 || rc > 4095 ? 4096 : rc;
}

static void count(unsigned long nr, uint32_t subop, long rc)
{
	unsigned int i;

	nr = nr > 0xffff ? 0xffff : nr;		/* the numbers past the table */
	rc = fold(rc);
	for (i = 0; i < nr_answers; i++)
		if (answers[i].nr == nr && answers[i].subop == subop && answers[i].rc == rc) {
			answers[i].count++;
			return;
		}
	if (nr_answers == FZ_ANSWERS) {
		lost++;
		return;
	}
	answers[nr_answers++] = (struct fz_answer){ nr, subop, rc, 1 };
}

void fz_answer(uint64_t iter, const struct fz_call *c, long rc, bool print)
{
	unsigned long i;

	count(c->nr, subop_of(c->nr, c->a), rc);
	if (print)
		printk("    # fz %llu %lu/%u %ld\n", (unsigned long long)iter, c->nr,
		       subop_of(c->nr, c->a), fold(rc));
	if (c->nr != __HYPERVISOR_multicall || c->a[0] != (unsigned long)fz_mc || rc)
		return;
	for (i = 0; i < c->a[1] && i < FZ_MC_ENTRIES; i++) {
		unsigned long a[6];
		unsigned int j;

		for (j = 0; j < 6; j++)
			a[j] = fz_mc[i].args[j];
		count(fz_mc[i].op, subop_of(fz_mc[i].op, a), (long)fz_mc[i].result);
		if (print)
			printk("    # fz %llu.%lu %lu/%u %ld\n", (unsigned long long)iter, i,
			       (unsigned long)fz_mc[i].op, subop_of(fz_mc[i].op, a),
			       fold((long)fz_mc[i].result));
	}
}

/* The table: one line per distinct answer, and how many are errors. */
void fz_answers_report(void)
{
	unsigned int i, errors = 0;

	for (i = 0; i < nr_answers; i++) {
		printk("    # fuzz answer: hypercall %u subop %u: %ld x%lu\n", answers[i].nr,
		       answers[i].subop, answers[i].rc, answers[i].count);
		errors += answers[i].rc < 0;
	}
	printk("    # fuzz: %u distinct answers (hypercall, subop, answer), %u of them errors%s\n",
	       nr_answers, errors, lost ? " (more not kept)" : "");
}
