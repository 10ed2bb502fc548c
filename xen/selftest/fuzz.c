/*
 * The hypercall fuzzer: kernel-xen as an attacker that calls every
 * hypercall and subop with arguments drawn at random (fuzz_gen.c), on
 * state it set up first so that the calls hit something: scratch frames
 * and page tables of its own, event channels, grants, and (as domain 0)
 * a scratch domain.  Three suites:
 *
 *   fuzz		the attacker, as domain 0 or an unprivileged domain
 *   fuzz_watch		domain 0 beside an unprivileged attacker: pauses it
 *			every 100 ms, runs the memory audit, and at the end
 *			asks the victim whether its memory is intact
 *   fuzz_victim	an unprivileged domain whose memory is a known
 *			pattern, checked on every event from domain 0
 *
 * Options: fuzz.seed=S (default 1), fuzz.iters=N (none: the suite skips), fuzz.start=I
 * (the first iteration: each is drawn from (S, I) alone), fuzz.batch=B
 * (iterations between audits, 1000), fuzz.victim=<id>, fuzz.attacker=<id>.
 *
 * A failure names the seed and the iterations of the batch it appeared
 * in: fuzz.seed=S fuzz.start=<first> fuzz.iters=<batch> replays them
 * (the state they met is not replayed: from 0 the whole run is).  The
 * hypervisor's crash or hang is the harness's to see: the last progress
 * line on the console names the batch.
 */
#include <asm/hypercall.h>
#include <asm/mm.h>
#include <asm/traps.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/grant.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "fuzz.h"
#include "mm_audit.h"
#include "x86.h"
#include "xenctl.h"

struct fz_state fz;
/*
 * The random buffers, a hole, a read-only page and a second hole: a
 * structure the hypervisor writes field by field, from near the end of
 * the read-only page, reaches the hole, never what follows (fz was
 * there, and its seed took the status of such calls).
 */
char fz_buf[(FZ_BUF_PAGES + 3) * PAGE_SIZE] __aligned(PAGE_SIZE);
char fz_win[FZ_WIN_PAGES * PAGE_SIZE] __aligned(PAGE_SIZE);

#define FZ_OWN_FRAMES	(1UL << 20)		/* 4 GiB of machine memory */
static uint8_t own_map[FZ_OWN_FRAMES / 8];
/* fuzz.trace=N: each call from iteration N-1 on the console before it is made. */
static uint64_t fz_trace;	/* fuzz.trace=N: from iteration N-1 on */
static bool fz_answers;		/* fuzz.answers=1: each iteration's answers */
static uint8_t kernel_ports[FZ_PORT_LIMIT / 8];
static domid_t known_domains[64];
static unsigned int nr_known;

#define VICTIM_REF	13			/* domain 0's page the victim reads "done" from */
#define VICTIM_DONE	"fuzz: done"
static char victim_page[PAGE_SIZE] __aligned(PAGE_SIZE);

/* ---- Randomness ---------------------------------------------------- */

uint64_t fz_rand(void)
{
	uint64_t z = (fz.rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Iteration i of seed s draws from its own stream: it replays alone. */
static void fz_seed_iteration(uint64_t iter)
{
	fz.iter = iter;
	fz.rng = fz.seed * 0xd1342543de82ef95ULL + iter;
	fz_rand();
}

/* ---- What is the kernel's ---------------------------------------------- */

static bool is_scratch(xen_pfn_t mfn)
{
	unsigned int i;

	for (i = 0; i < FZ_SCRATCH; i++)
		if (fz.mfn[i] == mfn)
			return true;
	return false;
}

bool fz_protected_mfn(xen_pfn_t mfn)
{
	if (mfn >= FZ_OWN_FRAMES)
		return mfn < fz.max_mfn;	/* not mapped out: assume ours */
	return (own_map[mfn / 8] & (1 << (mfn % 8))) && !is_scratch(mfn);
}

bool fz_own_mfn(xen_pfn_t mfn)
{
	if (mfn >= FZ_OWN_FRAMES)
		return mfn < fz.max_mfn;
	return own_map[mfn / 8] & (1 << (mfn % 8));
}

bool fz_protected_port(evtchn_port_t port)
{
	return port >= FZ_PORT_LIMIT || (kernel_ports[port / 8] & (1 << (port % 8)));
}

static void protect_frame(xen_pfn_t m)
{
	if (m < FZ_OWN_FRAMES)
		own_map[m / 8] |= 1 << (m % 8);
}

/*
 * The kernel's frames: its pseudo-physical memory, and the frames of
 * the hypervisor's it writes and reads as its own (shared_info, the
 * grant table), which are not in its p2m.  The hypervisor lets a guest
 * write those as any of its pages (Xen 4.17 too: update_descriptor of
 * a not-present descriptor into evtchn_pending left the timer's port
 * pending with no selector bit, and the next block never woke).
 */
static void map_own_frames(void)
{
	unsigned long pfn;

	protect_frame(start_info->shared_info >> PAGE_SHIFT);
	if (gnttab_frame)
		protect_frame(gnttab_frame);
	for (pfn = 0; pfn < start_info->nr_pages; pfn++)
		protect_frame(pfn_to_mfn(pfn));
}

static void map_kernel_ports(void)
{
	struct evtchn_status st;
	evtchn_port_t p;

	memset(kernel_ports, 0, sizeof(kernel_ports));
	kernel_ports[0] = 1;
	for (p = 1; p < FZ_PORT_LIMIT; p++)
		if (evtchn_status(p, &st) || st.status != EVTCHNSTAT_closed)
			kernel_ports[p / 8] |= 1 << (p % 8);
}

/*
 * A free pfn that is not the console's or xenstore's ring: the builder
 * puts those after the initial mapping too, where mm_alloc_pfn() finds
 * them (kept taken: they are never given back).
 */
static unsigned long alloc_plain_pfn(void)
{
	unsigned long pfn;

	for (;;) {
		xen_pfn_t m;

		pfn = mm_alloc_pfn();
		if (!pfn || start_info->flags & SIF_INITDOMAIN)
			return pfn;
		m = pfn_to_mfn(pfn);
		if (m != start_info->store_mfn && m != start_info->console.domU.mfn)
			return pfn;
	}
}

/*
 * Our domain id, which an unprivileged domain is not told: the remote
 * end of an unbound port named DOMID_SELF is reported as it.  Without
 * it the fuzzer drew its own id as "another domain" and, aimed at it,
 * EVTCHNOP_reset closed the kernel's ports (the timer's among them).
 */
static domid_t learn_self(void)
{
	struct evtchn_status st;
	long port = evtchn_alloc_unbound(DOMID_SELF);
	domid_t self = DOMID_SELF;

	if (port <= 0)
		return self;
	if (!evtchn_status(port, &st) && st.status == EVTCHNSTAT_unbound)
		self = st.u.unbound.dom;
	evtchn_close(port);
	return self;
}

/* ---- Options ------------------------------------------------------- */

static uint64_t option(const char *name, uint64_t dflt)
{
	const char *arg;
	char buf[24];
	uint64_t v = 0;

	if (!cmdline_find((const char *)start_info->cmd_line, name, buf, sizeof(buf), &arg) ||
	    !arg || *arg < '0' || *arg > '9')
		return dflt;
	for (; *arg >= '0' && *arg <= '9'; arg++)
		v = v * 10 + (*arg - '0');
	return v;
}

/* ---- The state the calls meet ----------------------------------------- */

static long scratch_domain(void)
{
	static xen_pfn_t frames[16];
	struct xen_memory_reservation r = { .extent_start = frames, .nr_extents = 16 };
	struct xen_domctl op = { 0 };
	long id = create_domain(0, 2, 0xf2);

	if (id < 0)
		return id;
	op.u.max_mem.max_memkb = 64 * 4;
	domctl(&op, XEN_DOMCTL_max_mem, id);
	op.u.max_vcpus.max = 2;
	domctl(&op, XEN_DOMCTL_max_vcpus, id);
	r.domid = id;
	HYPERVISOR_memory_op(XENMEM_increase_reservation, &r);
	return id;
}

/* The domains there were before: any other is one createdomain made. */
static void list_domains(void)
{
	struct xen_domctl_getdomaininfo info;
	domid_t d = 0;

	nr_known = 0;
	while (nr_known < ARRAY_SIZE(known_domains) && !getdomaininfo(d, &info)) {
		known_domains[nr_known++] = info.domain;
		d = info.domain + 1;
	}
}

static void destroy_new_domains(void)
{
	struct xen_domctl_getdomaininfo info;
	domid_t d = 1;
	unsigned int i;

	while (!getdomaininfo(d, &info) && info.domain < DOMID_FIRST_RESERVED) {
		bool known = info.domain == fz.scratch_dom;

		for (i = 0; i < nr_known; i++)
			known |= known_domains[i] == info.domain;
		if (!known)
			destroy_domain(info.domain);
		d = info.domain + 1;
	}
}

/* Domain 0's scratch domain, alive (made again if a call destroyed it). */
static void repair_scratch_domain(void)
{
	struct xen_domctl_getdomaininfo info;

	if (!fz.dom0)
		return;
	if (fz.scratch_dom && !getdomaininfo(fz.scratch_dom, &info) &&
	    info.domain == fz.scratch_dom && !(info.flags & (XEN_DOMINF_dying | XEN_DOMINF_shutdown)))
		return;
	if (fz.scratch_dom) {
		destroy_domain(fz.scratch_dom);
		domain_gone(fz.scratch_dom);
	}
	destroy_new_domains();
	{
		long id = scratch_domain();

		fz.scratch_dom = id > 0 ? id : 0;
	}
}

/* The window pages map their own frames again; scratch frames still ours. */
static void repair_frames(void)
{
	struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
	unsigned int i;

	for (i = 0; i < FZ_WIN_PAGES; i++)
		remap_page(fz_win + i * PAGE_SIZE, true);
	for (i = 0; i < FZ_SCRATCH; i++) {
		xen_pfn_t m = fz.pfn[i];

		if (!HYPERVISOR_update_va_mapping((unsigned long)fz_win, mfn_pte(fz.mfn[i], false),
						  UVMF_INVLPG))
			continue;
		/* Given away (decrease_reservation, exchange, transfer): a new one. */
		r.extent_start = &m;
		if (HYPERVISOR_memory_op(XENMEM_populate_physmap, &r) != 1)
			continue;
		fz.mfn[i] = m;
		set_pfn_mfn(fz.pfn[i], m);
		if (m < FZ_OWN_FRAMES)
			own_map[m / 8] |= 1 << (m % 8);
	}
	remap_page(fz_win, true);
}

/* Our ports: the fuzzer's own set open, the rest of what it opened closed. */
static void repair_ports(void)
{
	struct evtchn_status st;
	evtchn_port_t p;
	unsigned int i;

	for (p = 1; p < FZ_PORT_LIMIT; p++)
		if (!fz_protected_port(p) && !evtchn_status(p, &st) &&
		    st.status != EVTCHNSTAT_closed)
			evtchn_close(p);
	for (i = 0; i < FZ_PORTS; i++) {
		long port = i < FZ_PORTS / 2 ? evtchn_alloc_unbound(fz.self) :
			    evtchn_alloc_unbound(fz.dom0 ? fz.scratch_dom : fz.victim);

		/* A loopback pair: one unbound port bound by another of ours. */
		if (i == 1 && port > 0 && fz.self != DOMID_SELF)
			port = evtchn_bind_interdomain(fz.self, port);
		fz.port[i] = port > 0 ? port : 0;
	}
}

static void repair_grants(void)
{
	unsigned int i;
	domid_t to;

	if (gnttab_init())
		return;
	for (i = 0; i < FZ_REFS; i++) {
		to = i % 3 == 0 ? fz.self : i % 3 == 1 ? 0 : fz.victim;
		gnttab_grant(FZ_REF0 + i, to, fz.mfn[FZ_TABLES + i % (FZ_SCRATCH - FZ_TABLES)],
			     i & 1);
	}
}

static long fz_setup(void)
{
	struct xen_memory_reservation r = { 0 };
	unsigned int i;
	long rc;

	fz.dom0 = start_info->flags & SIF_INITDOMAIN;
	fz.victim = option("fuzz.victim", 0);
	fz.attacker = option("fuzz.attacker", 0);
	fz.seed = option("fuzz.seed", 1);
	fz_trace = option("fuzz.trace", 0);
	fz_answers = option("fuzz.answers", 0);
	fz.self = fz.dom0 ? 0 : DOMID_SELF;
	if (!fz.dom0)
		fz.self = learn_self();
	gnttab_init();			/* its frame is the kernel's (map_own_frames) */
	for (fz.nr_vcpus = 0; fz.nr_vcpus < 64 &&
	     HYPERVISOR_vcpu_op(VCPUOP_is_up, fz.nr_vcpus, NULL) >= 0; fz.nr_vcpus++)
		;
	rc = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, &r);
	if (rc <= 0)
		return rc ? rc : -EINVAL;
	fz.max_mfn = rc + 1;
	fz.xen_mfn = pte_mfn(read_maddr(((uint64_t)(read_cr3() >> PAGE_SHIFT) << PAGE_SHIFT) +
					pt_index(MACH2PHYS_VIRT_START, 4) * 8));
	for (i = 0; i < FZ_SCRATCH; i++) {
		if (i < FZ_TABLES) {
			fz.mfn[i] = mm_alloc_table();
			fz.pfn[i] = fz.mfn[i] ? mfn_to_pfn(fz.mfn[i]) : 0;
		} else {
			fz.pfn[i] = alloc_plain_pfn();
			fz.mfn[i] = fz.pfn[i] ? pfn_to_mfn(fz.pfn[i]) : 0;
		}
		if (!fz.mfn[i])
			return -ENOMEM;
	}
	for (i = 0; i < 3; i++)
		mm_pin(1 + i, fz.mfn[i]);
	fz.space = mm_create_space();
	map_own_frames();
	/* The buffers, a hole, a read-only page of all ones, a hole. */
	memset(fz_buf + (FZ_BUF_PAGES + 1) * PAGE_SIZE, 0xff, PAGE_SIZE);
	rc = HYPERVISOR_update_va_mapping((unsigned long)fz_buf + FZ_BUF_PAGES * PAGE_SIZE, 0,
					  UVMF_INVLPG);
	if (!rc)
		rc = remap_page(fz_buf + (FZ_BUF_PAGES + 1) * PAGE_SIZE, false);
	if (!rc)
		rc = HYPERVISOR_update_va_mapping((unsigned long)fz_buf +
						  (FZ_BUF_PAGES + 2) * PAGE_SIZE, 0, UVMF_INVLPG);
	for (i = 0; i < FZ_MC_ENTRIES && !rc; i++)
		rc = HYPERVISOR_update_va_mapping((unsigned long)fz_mc_arena[i] + FZ_MC_ROOM, 0,
						  UVMF_INVLPG);
	if (rc)
		return rc;
	if (fz.dom0) {
		list_domains();
		repair_scratch_domain();
	}
	map_kernel_ports();
	repair_grants();
	repair_ports();
	return 0;
}

/* ---- One call, and what it changed of ours put back ------------------- */

static void fz_restore(unsigned int what)
{
	struct { uint64_t addr; } area = { 0 };
	struct { uint32_t id, timeout; } wd;
	unsigned int cpu, i;

	if (what & FZ_R_TRAPS) {
		struct callback_unregister nmi = { .type = CALLBACKTYPE_nmi };

		traps_init();
		callbacks_init();
		HYPERVISOR_callback_op(CALLBACKOP_unregister, &nmi);
	}
	if (what & FZ_R_GDT) {
		struct mmuext_op ldt = { .cmd = MMUEXT_SET_LDT };

		HYPERVISOR_set_gdt(NULL, 0);
		HYPERVISOR_mmuext_op(&ldt, 1, NULL, DOMID_SELF);
	}
	if (what & FZ_R_STACK)
		HYPERVISOR_stack_switch(FLAT_KERNEL_SS,
					(unsigned long)user_entry_stack + USER_ENTRY_STACK_SIZE);
	if (what & FZ_R_FPU)
		HYPERVISOR_fpu_taskswitch(0);
	if (what & FZ_R_SEGBASE)
		for (i = 0; i < 4; i++)
			HYPERVISOR_set_segment_base(i, 0);
	if (what & FZ_R_DEBUGREG) {
		_hypercall2(__HYPERVISOR_set_debugreg, 7, 0);
		for (i = 0; i < 4; i++)
			_hypercall2(__HYPERVISOR_set_debugreg, i, 0);
	}
	if (what & FZ_R_VCPU)
		for (cpu = 0; cpu < fz.nr_vcpus; cpu++) {
			HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, cpu, &area);
			HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, cpu, &area);
			HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, cpu, NULL);
			HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, cpu, NULL);
		}
	if (what & FZ_R_GRANT) {
		struct { uint32_t version; } v = { 1 };

		HYPERVISOR_grant_table_op(GNTTABOP_set_version, &v, 1);
	}
	if (what & FZ_R_IO) {
		struct { uint32_t iopl; } iopl = { 1 };
		struct { uint64_t bitmap; uint32_t nr; } bm = { 0, 0 };

		HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl);
		HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, &bm);
	}
	if (what & FZ_R_SCHED) {
		int32_t none = -1;

		for (i = 1; i <= 4; i++) {
			wd.id = i;
			wd.timeout = 0;
			HYPERVISOR_sched_op(SCHEDOP_watchdog, &wd);
		}
		HYPERVISOR_sched_op(SCHEDOP_pin_override, &none);
	}
	if ((what & FZ_R_DOMAIN) && fz.dom0)
		destroy_new_domains();
}

#define FZ_MASKED (FZ_R_TRAPS | FZ_R_DEBUGREG | FZ_R_FPU | FZ_R_STACK | FZ_R_BLOCK)

/* Numbers past the hypercall page's slots go through syscall: the page would wrap them. */
static long fz_exec(const struct fz_call *c)
{
	if (c->nr >= HYPERCALL_PAGE_SLOTS)
		return hypercall_via_syscall(c->nr, c->a[0], c->a[1], c->a[2], c->a[3],
					     c->a[4]);
	return _hypercall5(c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);
}

/*
 * Before a block: the timer's event must be able to wake us.  Its port
 * bound to our VIRQ_TIMER on this vCPU, not masked, and not pending with
 * its selector bit clear (a store into shared_info by the hypervisor on
 * our behalf did that once: update_descriptor of a frame we had not
 * protected; then a new event sets nothing and the block never ends).
 * False, with what is wrong on the console, if it cannot.
 */
static bool fz_wakeup_intact(void)
{
	unsigned int cpu = smp_processor_id();
	long port = cpu_timers[cpu].port;
	struct shared_info *sh = HYPERVISOR_shared_info;
	struct vcpu_info *vi = this_vcpu_info();
	unsigned int w = port / EVTCHN_BITS_PER_WORD;
	xen_ulong_t b = 1UL << (port % EVTCHN_BITS_PER_WORD);
	struct evtchn_status st;
	long rc = evtchn_status(port, &st);
	bool masked = ACCESS_ONCE(sh->evtchn_mask[w]) & b;
	bool pending = ACCESS_ONCE(sh->evtchn_pending[w]) & b;
	bool sel = ACCESS_ONCE(vi->evtchn_pending_sel) & (1UL << w);

	if (!rc && st.status == EVTCHNSTAT_virq && st.u.virq == VIRQ_TIMER && st.vcpu == cpu &&
	    !masked && (!pending || sel))
		return true;
	printk("    # fuzz %llu: the timer cannot wake a block: port %ld status %ld/%u virq %u "
	       "vcpu %u masked %d pending %d selector %d\n", (unsigned long long)fz.iter, port,
	       rc, st.status, st.u.virq, st.vcpu, masked, pending, sel);
	return false;
}

/* fuzz.trace: the call, and a multicall's entries, before it is made. */
static void fz_print(uint64_t iter, const struct fz_call *c)
{
	unsigned long i;

	printk("    # fuzz %llu: hypercall %lu (%#lx, %#lx, %#lx, %#lx, %#lx)\n",
	       (unsigned long long)iter, c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);
	if (c->nr != __HYPERVISOR_multicall || c->a[0] != (unsigned long)fz_mc)
		return;
	for (i = 0; i < c->a[1] && i < ARRAY_SIZE(fz_mc); i++)
		printk("    #   entry %lu: hypercall %lu (%#lx, %#lx, %#lx, %#lx, %#lx)\n", i,
		       (unsigned long)fz_mc[i].op, (unsigned long)fz_mc[i].args[0],
		       (unsigned long)fz_mc[i].args[1], (unsigned long)fz_mc[i].args[2],
		       (unsigned long)fz_mc[i].args[3], (unsigned long)fz_mc[i].args[4]);
}

/* Iteration iter: one call (or a multicall of several), then the repairs. */
static void fz_iteration(uint64_t iter)
{
	struct fz_call c;
	bool masked = false;
	uint64_t seed = fz.seed;
	long rc;

	fz_seed_iteration(iter);
	fz.restore = 0;
	fz_draw(&c);
	if (fz_trace && iter + 1 >= fz_trace)
		fz_print(iter, &c);
	/*
	 * Between a random trap table or callback and ours, no event; and
	 * the timer that ends a block stays pending until the block (which
	 * unmasks), or it is taken before and the block never ends.
	 */
	if (fz.restore & FZ_MASKED)
		masked = events_disable();
	if ((fz.restore & FZ_R_BLOCK) && !fz_wakeup_intact()) {
		fz.broken = true;
		c.nr = __HYPERVISOR_sched_op;
		c.a[0] = SCHEDOP_yield;
	}
	if (fz.restore & FZ_R_BLOCK)
		HYPERVISOR_set_timer_op(xen_system_time() + 50000);
	rc = fz_exec(&c);
	if (fz.seed != seed || fz.iter != iter) {
		printk("    # fuzz: iteration %llu wrote the fuzzer's own state (seed %llu, "
		       "iteration %llu there)\n", (unsigned long long)iter,
		       (unsigned long long)fz.seed, (unsigned long long)fz.iter);
		fz_print(iter, &c);
		fz.seed = seed;
		fz.iter = iter;
		fz.broken = true;
	}
	if (fz.restore)
		fz_restore(fz.restore);
	fz_answer(iter, &c, rc, fz_answers);
	if (fz.restore & FZ_MASKED)
		events_restore(masked);
	fz.calls++;
	if (c.nr == __HYPERVISOR_multicall && c.a[1] <= 8)
		fz.calls += c.a[1];
}

/* After a batch: domain 0 audits; everyone repairs its state. */
static long fz_batch_end(void)
{
	long errors = 0;

	if (fz.dom0) {
		errors = mm_audit_errors();
		if (errors == -ENOSYS || errors == -EOPNOTSUPP)
			errors = 0;	/* Xen 4.17 has no audit */
		repair_scratch_domain();
	}
	repair_frames();
	repair_grants();
	repair_ports();
	return errors;
}

/* ---- The victim's side, and domain 0's end of it ------------------------- */

static unsigned long victim_acks;

static void victim_ack(evtchn_port_t port, void *data)
{
	victim_acks++;
}

/* Domain 0: offer the victim a port and a page, wait until it bound. */
static long victim_offer(void)
{
	uint64_t limit = xen_system_time() + 60 * NSEC_PER_SEC;
	struct evtchn_status st;
	long port;

	if (!fz.victim)
		return 0;
	if (gnttab_init())
		return -ENOENT;
	memset(victim_page, 0, PAGE_SIZE);
	gnttab_grant(VICTIM_REF, fz.victim, virt_to_mfn(victim_page), true);
	port = evtchn_alloc_unbound(fz.victim);
	if (port <= 0)
		return port ? port : -EINVAL;
	evtchn_set_handler(port, 0, victim_ack, NULL);
	do {
		if (!evtchn_status(port, &st) && st.status == EVTCHNSTAT_interdomain)
			return port;
		timer_wait(~0UL, xen_system_time() + 20 * NSEC_PER_MSEC);
	} while (xen_system_time() < limit);
	return -ETIMEDOUT;
}

/*
 * A fuzzed set_version clears every entry past the reserved ones (as Xen
 * does): grant the victim its page again, at version 1, or in v2's
 * layout if a grant still mapped keeps the table at 2.
 */
static void victim_regrant(void)
{
	struct gnttab_set_version v = { .version = 1 };
	union grant_entry_v2 *e = (union grant_entry_v2 *)gnttab_table + VICTIM_REF;

	HYPERVISOR_grant_table_op(GNTTABOP_set_version, &v, 1);
	if (v.version == 1) {
		gnttab_grant(VICTIM_REF, fz.victim, virt_to_mfn(victim_page), true);
		return;
	}
	e->full_page.hdr.domid = fz.victim;
	e->full_page.frame = virt_to_mfn(victim_page);
	barrier();
	__atomic_store_n(&e->hdr.flags, GTF_permit_access | GTF_readonly, __ATOMIC_RELEASE);
}

/*
 * Domain 0: tell the victim we are done; true when it says its memory is
 * intact.  Then wait (a while) for it to shut down, so that its own
 * report is on the console before domain 0 ends the machine.
 */
static bool victim_intact(long port)
{
	uint64_t limit = xen_system_time() + 180 * NSEC_PER_SEC;
	unsigned long before = victim_acks;
	struct xen_domctl_getdomaininfo info;
	bool ok;

	memcpy(victim_page, VICTIM_DONE, sizeof(VICTIM_DONE));
	victim_regrant();
	evtchn_send(port);
	while (victim_acks == before && xen_system_time() < limit)
		timer_wait(~0UL, xen_system_time() + 10 * NSEC_PER_MSEC);
	ok = victim_acks != before;
	limit = xen_system_time() + 30 * NSEC_PER_SEC;
	while (ok && !getdomaininfo(fz.victim, &info) && info.domain == fz.victim &&
	       !(info.flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying)) &&
	       xen_system_time() < limit)
		timer_wait(~0UL, xen_system_time() + 20 * NSEC_PER_MSEC);
	return ok;
}

/* ---- The suites ---------------------------------------------------- */

static void report(struct selftest *t, uint64_t start, uint64_t end, uint64_t ns)
{
	uint64_t ms = ns / 1000000 ? ns / 1000000 : 1;

	printk("    # fuzz: seed %llu iterations %llu-%llu: %llu calls in %llu ms, %llu calls/s\n",
	       (unsigned long long)fz.seed, (unsigned long long)start,
	       (unsigned long long)end - 1, (unsigned long long)fz.calls,
	       (unsigned long long)ms, (unsigned long long)(fz.calls * 1000 / ms));
}

static void test_fuzz(struct selftest *t)
{
	uint64_t start = option("fuzz.start", 0), iters = option("fuzz.iters", 0);
	uint64_t batch = option("fuzz.batch", 1000), i = start, t0, first;
	long errors, port;

	/* Only when asked: a run of every suite must not fuzz the host it tests. */
	if (!iters) {
		st_skip(t, "runs when asked: fuzz.iters=N (hv-fuzz, make fuzz)");
		return;
	}
	/* The victim's port first: the kernel's, never the fuzzer's to close. */
	fz.victim = option("fuzz.victim", 0);
	port = start_info->flags & SIF_INITDOMAIN ? victim_offer() : 0;
	ST_ASSERT(t, port >= 0);
	ST_ASSERT_EQ(t, fz_setup(), 0);
	printk("    # fuzz: %s, seed %llu, iterations %llu-%llu, %u vCPUs, victim %u\n",
	       fz.dom0 ? "domain 0" : "unprivileged", (unsigned long long)fz.seed,
	       (unsigned long long)start, (unsigned long long)(start + iters - 1),
	       fz.nr_vcpus, fz.victim);
	t0 = xen_system_time();
	for (first = start; first < start + iters; first += batch) {
		uint64_t last = first + batch < start + iters ? first + batch : start + iters;

		for (i = first; i < last && !fz.broken; i++)
			fz_iteration(i);
		if (fz.broken) {
			st_fail(t, __FILE__, __LINE__, "the fuzzer broke its own kernel at "
				"iteration %llu (seed %llu, above): a guard of fuzz_gen.c misses "
				"a frame or a buffer",
				(unsigned long long)fz.iter, (unsigned long long)fz.seed);
			break;
		}
		errors = fz_batch_end();
		if (errors) {
			st_fail(t, __FILE__, __LINE__,
				"memory audit: %ld errors after seed %llu iterations %llu-%llu "
				"(replay: fuzz.seed=%llu fuzz.start=%llu fuzz.iters=%llu)",
				errors, (unsigned long long)fz.seed, (unsigned long long)first,
				(unsigned long long)last - 1, (unsigned long long)fz.seed,
				(unsigned long long)first, (unsigned long long)(last - first));
			break;
		}
		if ((first - start) / batch % 10 == 9)
			report(t, start, last, xen_system_time() - t0);
	}
	report(t, start, i, xen_system_time() - t0);
	fz_answers_report();
	if (port > 0 && !victim_intact(port))
		st_fail(t, __FILE__, __LINE__, "the victim did not confirm its memory intact "
			"(seed %llu)", (unsigned long long)fz.seed);
}

/*
 * Domain 0 beside an unprivileged attacker (fuzz.attacker=<id>): every
 * 100 ms the attacker is paused for an audit, every 10th time the victim
 * checks its memory; when the attacker has shut down, a last audit and
 * the victim's word.
 */
static void test_fuzz_watch(struct selftest *t)
{
	struct xen_domctl_getdomaininfo info;
	struct xen_domctl op = { 0 };
	unsigned int audits = 0;
	long errors, port;

	fz.attacker = option("fuzz.attacker", 0);
	fz.victim = option("fuzz.victim", 0);
	if (!(start_info->flags & SIF_INITDOMAIN) || !fz.attacker) {
		st_skip(t, "domain 0 watching fuzz.attacker=<id>");
		return;
	}
	ST_ASSERT_EQ(t, gnttab_init(), 0);
	port = victim_offer();
	ST_ASSERT(t, port >= 0);
	for (;;) {
		ST_ASSERT_EQ(t, getdomaininfo(fz.attacker, &info), 0);
		if (info.flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying))
			break;
		ST_ASSERT_EQ(t, domctl(&op, XEN_DOMCTL_pausedomain, fz.attacker), 0);
		errors = mm_audit_errors();
		ST_ASSERT_EQ(t, domctl(&op, XEN_DOMCTL_unpausedomain, fz.attacker), 0);
		audits++;
		if (errors > 0)
			st_fail(t, __FILE__, __LINE__, "memory audit: %ld errors while "
				"domain %u fuzzed (its last progress line names the batch)",
				errors, fz.attacker);
		ST_ASSERT(t, errors <= 0);
		/* Every second the victim checks its memory too (and answers). */
		if (port > 0 && audits % 10 == 0)
			evtchn_send(port);
		timer_wait(~0UL, xen_system_time() + 100 * NSEC_PER_MSEC);
	}
	printk("    # fuzz_watch: domain %u shut down (reason %u) after %u audits\n",
	       fz.attacker, (info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask,
	       audits);
	ST_EXPECT_EQ(t, (info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask,
		     SHUTDOWN_poweroff);
	errors = mm_audit_errors();
	ST_EXPECT(t, errors <= 0);
	if (port > 0)
		ST_EXPECT(t, victim_intact(port));
}

/* The victim: its free memory a known pattern, checked whenever domain 0 asks. */
#define VICTIM_MAX_PAGES	256	/* a check is quick even under TCG */
static unsigned long victim_pfns[VICTIM_MAX_PAGES];
static char victim_map[PAGE_SIZE] __aligned(PAGE_SIZE);

static uint64_t pattern(unsigned long pfn, unsigned int word)
{
	return (pfn * 0x9e3779b97f4a7c15ULL) ^ (word * 0xbf58476d1ce4e5b9ULL) ^ 0x5a5a;
}

/* Fill (check false) or check every page; the pages that differ. */
static unsigned long victim_pass(unsigned int nr, bool check)
{
	unsigned long bad = 0;
	unsigned int i, w;

	for (i = 0; i < nr; i++) {
		uint64_t *p = mm_map(pfn_to_mfn(victim_pfns[i]), true);

		if (!p) {
			printk("    # fuzz_victim: pfn %#lx no longer maps\n", victim_pfns[i]);
			bad++;
			continue;
		}
		for (w = 0; w < PAGE_SIZE / 8; w++) {
			if (!check) {
				p[w] = pattern(victim_pfns[i], w);
			} else if (p[w] != pattern(victim_pfns[i], w)) {
				printk("    # fuzz_victim: pfn %#lx word %u changed: %#llx\n",
				       victim_pfns[i], w, (unsigned long long)p[w]);
				bad++;
				break;
			}
		}
		mm_unmap(p);
	}
	return bad;
}

static unsigned long victim_events;

static void victim_event(evtchn_port_t port, void *data)
{
	victim_events++;
}

static void test_fuzz_victim(struct selftest *t)
{
	struct gnttab_map_grant_ref map = {
		.host_addr = (unsigned long)victim_map,
		.flags = GNTMAP_host_map | GNTMAP_readonly, .ref = VICTIM_REF, .dom = 0,
	};
	unsigned int nr = 0, rounds = 0;
	unsigned long seen = 0, bad = 0;
	evtchn_port_t p;
	long port = -1;

	if (start_info->flags & SIF_INITDOMAIN) {
		st_skip(t, "the victim is an unprivileged domain");
		return;
	}
	while (nr < VICTIM_MAX_PAGES && (victim_pfns[nr] = alloc_plain_pfn()))
		nr++;
	ST_ASSERT(t, nr > 0);
	victim_pass(nr, false);
	printk("    # fuzz_victim: %u pages of pattern\n", nr);
	/* Ready: now bind the port domain 0 offered us. */
	while (port <= 0) {
		for (p = 1; p < FZ_PORT_LIMIT && port <= 0; p++)
			port = evtchn_bind_interdomain(0, p);
		if (port <= 0)
			timer_wait(~0UL, xen_system_time() + 50 * NSEC_PER_MSEC);
	}
	evtchn_set_handler(port, 0, victim_event, NULL);
	for (;;) {
		while (victim_events == seen)
			timer_wait(~0UL, xen_system_time() + 100 * NSEC_PER_MSEC);
		seen = victim_events;
		rounds++;
		bad = victim_pass(nr, true);
		if (bad)
			break;
		evtchn_send(port);
		/* Domain 0 says done on its page: the last check was the last. */
		if (!HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &map, 1) &&
		    map.status == GNTST_okay) {
			struct gnttab_unmap_grant_ref unmap = {
				.host_addr = map.host_addr, .handle = map.handle,
			};
			bool done = !strcmp(victim_map, VICTIM_DONE);

			HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &unmap, 1);
			remap_page(victim_map, true);
			if (done)
				break;
		}
	}
	printk("    # fuzz_victim: %u checks, %lu pages changed\n", rounds, bad);
	ST_EXPECT_EQ(t, bad, 0);
}

static const struct selftest_case fuzz_cases[] = {
	SELFTEST_CASE(test_fuzz),
};
SELFTEST_SUITE(fuzz, fuzz_cases);

static const struct selftest_case fuzz_watch_cases[] = {
	SELFTEST_CASE(test_fuzz_watch),
};
SELFTEST_SUITE(fuzz_watch, fuzz_watch_cases);

static const struct selftest_case fuzz_victim_cases[] = {
	SELFTEST_CASE(test_fuzz_victim),
};
SELFTEST_SUITE(fuzz_victim, fuzz_victim_cases);
