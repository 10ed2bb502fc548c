/*
 * Suspend and resume of a 64-bit PV kernel-xen, the guest's half of save
 * and restore (<kernel/suspend.h>).
 *
 * Before: the p2m is published (shared_info's max_pfn and frame list
 * list, which the saver follows), and the page holding shared_info's
 * mapping gets its own frame back (a saver refuses page tables that map
 * a frame not the domain's).  Then SCHEDOP_shutdown(SHUTDOWN_suspend)
 * with start_info's frame in the third argument, and start_info's ring
 * frames turned into pfns, as Linux does.  After: shared_info is
 * mapped from start_info (a new frame in a new domain), and vCPU 0's
 * vcpu_info registered again.  The console ring needs nothing: its page
 * is ours, the restorer gives start_info its new channel.
 *
 * What it does not do yet: bring other vCPUs back, or bind event
 * channels again (suspendtest runs with events masked and one vCPU).
 */
#include <asm/hypercall.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/suspend.h>
#include <kernel/time.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

#define P2M_PER_PAGE	(PAGE_SIZE / sizeof(xen_pfn_t))

/* The p2m's frame list list and its one frame list: up to 1 GiB of pfns. */
static xen_pfn_t p2m_fll[P2M_PER_PAGE] __aligned(PAGE_SIZE);
static xen_pfn_t p2m_fl[P2M_PER_PAGE] __aligned(PAGE_SIZE);

long p2m_publish(void)
{
	unsigned long nr = start_info->nr_pages;
	unsigned long frames = (nr + P2M_PER_PAGE - 1) / P2M_PER_PAGE, i;
	const char *p2m = (const char *)start_info->mfn_list;

	if (frames > P2M_PER_PAGE)
		return -E2BIG;
	for (i = 0; i < frames; i++)
		p2m_fl[i] = virt_to_mfn(p2m + i * PAGE_SIZE);
	p2m_fll[0] = virt_to_mfn(p2m_fl);
	HYPERVISOR_shared_info->arch.max_pfn = nr;
	HYPERVISOR_shared_info->arch.pfn_to_mfn_frame_list_list = virt_to_mfn(p2m_fll);
	return 0;
}

long xen_suspend(void)
{
	struct sched_shutdown sd = { .reason = SHUTDOWN_suspend };
	long rc;

	rc = p2m_publish();
	if (rc)
		return rc;
	rc = HYPERVISOR_update_va_mapping((unsigned long)shared_info_page,
					  mfn_pte(virt_to_mfn(shared_info_page), true),
					  UVMF_INVLPG);
	if (rc)
		return rc;
	/* As Linux: the rings as pfns while suspended; a restorer gives frames back. */
	start_info->store_mfn = mfn_to_pfn(start_info->store_mfn);
	start_info->console.domU.mfn = mfn_to_pfn(start_info->console.domU.mfn);
	rc = _hypercall3(__HYPERVISOR_sched_op, SCHEDOP_shutdown, &sd,
			 virt_to_mfn(start_info));
	if (rc) {
		/* Cancelled or refused: the same domain, our own frames. */
		start_info->store_mfn = pfn_to_mfn(start_info->store_mfn);
		start_info->console.domU.mfn = pfn_to_mfn(start_info->console.domU.mfn);
	}
	/* The same domain (cancelled, refused) or a new one: map what start_info says. */
	map_shared_info(start_info);
	if (!rc && IS_ENABLED(CONFIG_KERNEL_XEN_EVENTS) && vcpu_info_register(0))
		printk("kernel-xen: resumed with vcpu_info in shared_info\n");
	return rc;
}

/* 16 pages of a pattern that must come back whole. */
static uint64_t pattern[16 * P2M_PER_PAGE] __aligned(PAGE_SIZE);

static uint64_t pattern_word(unsigned long i)
{
	return 0x9e3779b97f4a7c15ULL * (i + 1);
}

static volatile unsigned long counter;

static void count(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		counter++;
}

/*
 * Stay up a while, yielding, so that a console daemon connects and reads
 * what we wrote (it may not connect to a domain that is already gone).
 */
static void linger(uint64_t ms)
{
	uint64_t end;

	if (!IS_ENABLED(CONFIG_KERNEL_XEN_EVENTS))
		return;
	end = xen_system_time_raw() + ms * NSEC_PER_MSEC;
	while (xen_system_time_raw() < end)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

void suspend_test_run(const char *arg)
{
	unsigned long rounds = 1, r, i, want;
	bool ok = true;
	long rc;

	if (arg)
		rounds = simple_strtoull(arg, NULL, 10, NULL);
	for (i = 0; i < ARRAY_SIZE(pattern); i++)
		pattern[i] = pattern_word(i);
	if (IS_ENABLED(CONFIG_KERNEL_XEN_EVENTS))
		events_disable();	/* nothing bound again yet: none wanted */
	for (r = 1; r <= rounds && ok; r++) {
		count(1000000);
		linger(1500);
		want = counter + 1000000;
		printk("suspendtest: round %lu: counter %lu, suspending\n", r, counter);
		rc = xen_suspend();
		count(1000000);
		for (i = 0; i < ARRAY_SIZE(pattern); i++)
			ok &= pattern[i] == pattern_word(i);
		/* 1: a cancelled suspend (a save that failed), the same domain. */
		ok &= (rc == 0 || rc == 1) && counter == want;
		printk("suspendtest: round %lu: resumed (%ld), counter %lu, memory %s\n", r,
		       rc, counter, ok ? "intact" : "LOST");
	}
	linger(1500);
	kernel_shutdown(ok ? SHUTDOWN_poweroff : SHUTDOWN_crash);
}
