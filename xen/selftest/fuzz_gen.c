/*
 * The fuzzer's calls: every hypercall of the x86_64 PV ABI and its
 * subops, with arguments drawn from valid and invalid values (our own
 * frames, tables, ports, grants and the peer domains; pointers into our
 * random buffers, across into a hole, onto read-only pages, into the
 * hypervisor, non-canonical; zero, misaligned and huge counts).
 *
 * What keeps the fuzzer alive: it never asks the hypervisor to write to
 * a frame of its own kernel (a frame it did not take for the fuzzer is
 * only ever named read-only, fz_protected_mfn), to remap an address the
 * kernel uses (update_va_mapping lands in fz_win), to close or move a
 * port the kernel had before (fz_protected_port), to shut itself down
 * or take its own vCPUs down; what it changes about itself (trap table,
 * callbacks, GDT, stacks, timers, debug registers) fz_restore puts back
 * before the next call.  Domain 0 aims what it may legitimately do to
 * any domain (pause, destroy, map its memory) at a scratch domain of its
 * own, never at the victim; an unprivileged fuzzer aims everything at
 * everyone, since all of it must be refused.
 */
#include <asm/processor.h>
#include <kernel/events.h>
#include <kernel/time.h>
#include <lib/string.h>
#include <public/domctl.h>
#include <public/grant_table.h>
#include <public/sysctl.h>
#include "fuzz.h"

#define FZ_BUF_SIZE	(FZ_BUF_PAGES * PAGE_SIZE)
#define FZ_HOLE		(fz_buf + FZ_BUF_SIZE)		/* unmapped */
#define FZ_RO		(fz_buf + FZ_BUF_SIZE + PAGE_SIZE)	/* read-only, all ones */

/* The multicall entries live apart: no pointer the fuzzer draws reaches them. */
struct multicall_entry fz_mc[FZ_MC_ENTRIES] __aligned(64);

/*
 * A multicall entry's arguments: in a slot of their own, out of reach of
 * every pointer drawn, with an unmapped page above.  The guards run when
 * the entries are drawn, and the hypervisor runs them all after: in the
 * common buffers an earlier entry's results (xen_version's strings)
 * could overwrite what a later one's guard had checked (an
 * EVTCHNOP_reset of domain 0 itself once closed the kernel's ports).
 * Allocated downward, so an entry's array run past its end meets its
 * own earlier arguments or the hole, never another entry's.
 */
char fz_mc_arena[FZ_MC_ENTRIES][FZ_MC_SLOT] __aligned(PAGE_SIZE);
static char *mc_lo, *mc_top;		/* the entry being drawn: its free room */

/* ---- Values ------------------------------------------------------ */

static const uint64_t interesting[] = {
	0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255, 256, 511, 512, 1023,
	1024, 4095, 4096, 4097, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
	0xffffffff, 0x100000000ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
	~0ULL, ~1ULL, (uint64_t)-4096, (uint64_t)-PAGE_SIZE - 1,
};

static uint64_t fz_count(void)
{
	switch (fz_below(6)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return 1 + fz_below(8);
	case 3: return fz_below(600);
	case 4: return interesting[fz_below(ARRAY_SIZE(interesting))];
	default: return (uint32_t)fz_rand();
	}
}

/* A frame we may hand the hypervisor for any purpose, writes included. */
static xen_pfn_t fz_mfn(void)
{
	xen_pfn_t m;

	switch (fz_below(10)) {
	case 0: case 1: case 2: case 3:
		return fz.mfn[fz_below(FZ_SCRATCH)];
	case 4:
		return fz.mfn[fz_below(FZ_TABLES)];
	case 5:
		return fz.xen_mfn + fz_below(4);
	case 6:
		return fz.max_mfn + fz_below(1UL << fz_below(40));
	case 7:
		m = interesting[fz_below(ARRAY_SIZE(interesting))];
		break;
	default:
		/* Anywhere in the machine: another domain's, the hypervisor's. */
		m = fz_below(fz.max_mfn);
		break;
	}
	return fz_protected_mfn(m) ? fz.mfn[fz_below(FZ_SCRATCH)] : m;
}

/* A frame only to be read or mapped read-only: ours too. */
static xen_pfn_t fz_mfn_ro(void)
{
	if (fz_chance(20))
		return pfn_to_mfn(fz_below(start_info->nr_pages));
	return fz_mfn();
}

/* A pseudo-physical frame: the scratch ones, or none of ours. */
static uint64_t fz_gpfn(void)
{
	switch (fz_below(4)) {
	case 0: case 1:
		return fz.pfn[fz_below(FZ_SCRATCH)];
	case 2:
		return start_info->nr_pages + fz_below(1UL << fz_below(30));
	default:
		return interesting[fz_below(ARRAY_SIZE(interesting))] | (1ULL << 40);
	}
}

static domid_t fz_domid(void)
{
	static const domid_t special[] = {
		DOMID_SELF, DOMID_IO, DOMID_XEN, DOMID_COW, DOMID_INVALID, DOMID_IDLE,
		0x7fef, 0xffff, 0x7ff5,
	};
	domid_t d;

	switch (fz_below(8)) {
	case 0: case 1:
		d = DOMID_SELF;
		break;
	case 2:
		d = special[fz_below(ARRAY_SIZE(special))];
		break;
	case 3:
		d = fz.dom0 ? fz.scratch_dom : fz.victim;
		break;
	case 4:
		d = fz.dom0 ? fz.scratch_dom : 0;
		break;
	case 5:
		d = fz.self;
		break;
	default:
		d = fz_below(fz_chance(50) ? 8 : 0x7ff0);
		break;
	}
	/* Domain 0 leaves the victim and the attacker alone (it may do anything to them). */
	if (fz.dom0 && d && d < DOMID_FIRST_RESERVED && (d == fz.victim || d == fz.attacker))
		d = fz.scratch_dom;
	return d;
}

/* Domain 0 aims a command that changes a domain at its scratch domain, not at itself. */
static domid_t fz_target(bool harmless_to_self)
{
	domid_t d = fz_domid();

	if (fz.dom0 && !harmless_to_self && (d == DOMID_SELF || d == fz.self))
		d = fz.scratch_dom;
	return d;
}

static evtchn_port_t fz_port(void)
{
	switch (fz_below(5)) {
	case 0: case 1:
		return fz.port[fz_below(FZ_PORTS)];
	case 2:
		return fz_below(64);
	case 3:
		return fz_below(FZ_PORT_LIMIT + 64);
	default:
		return interesting[fz_below(ARRAY_SIZE(interesting))];
	}
}

/* A port we may close or move: not one the kernel had. */
static evtchn_port_t fz_port_ours(void)
{
	evtchn_port_t p = fz_port();

	return fz_protected_port(p) ? fz.port[fz_below(FZ_PORTS)] : p;
}

static unsigned int fz_vcpu(void)
{
	return fz_chance(80) ? fz_below(fz.nr_vcpus + 2) : (unsigned int)fz_count();
}

/*
 * A pointer for the hypervisor to read or write: never into the
 * kernel's own memory, so that what it writes only lands where we
 * expect (or faults).
 */
static unsigned long fz_ptr(void)
{
	unsigned long buf = (unsigned long)fz_buf;

	switch (fz_below(20)) {
	case 0: case 1: case 2: case 3: case 4: case 5:
		return buf + (fz_below(FZ_BUF_SIZE) & (fz_chance(80) ? ~7UL : ~0UL));
	case 6: case 7:
		return buf + FZ_BUF_SIZE - fz_below(64);	/* runs into the hole */
	case 8:
		return (unsigned long)FZ_RO + fz_below(PAGE_SIZE);
	case 9:
		return (unsigned long)FZ_HOLE + fz_below(PAGE_SIZE);
	case 10:
		return fz_below(PAGE_SIZE * 2);
	case 11:
		return BAD_PTR_HYPERVISOR + fz_below(1UL << 30);
	case 12:
		return 0xffff800000000000UL + (fz_rand() & 0x7fffffffffffUL);	/* Xen's half */
	case 13:
		return 0x0000800000000000UL + (fz_rand() & 0x7fffffffffffUL);	/* non-canonical */
	case 14:
		return (unsigned long)fz_win + fz_below(FZ_WIN_PAGES * PAGE_SIZE);
	case 15:
		return MACH2PHYS_VIRT_START + (fz_below(fz.max_mfn) * 8);	/* read-only M2P */
	case 16:
		return interesting[fz_below(ARRAY_SIZE(interesting))];
	case 17:
		return fz_rand() & 0x00007fffffffffffUL;
	default:
		return buf + fz_below(FZ_BUF_PAGES) * PAGE_SIZE;
	}
}

/* A pointer nothing can be read from (or only all ones): for an argument's struct. */
static unsigned long fz_bad_ptr(void)
{
	switch (fz_below(6)) {
	case 0: return (unsigned long)FZ_RO + fz_below(PAGE_SIZE);
	case 1: return (unsigned long)FZ_HOLE + fz_below(PAGE_SIZE);
	case 2: return fz_below(PAGE_SIZE * 2);
	case 3: return BAD_PTR_HYPERVISOR + fz_below(1UL << 30);
	case 4: return 0x0000800000000000UL + (fz_rand() & 0x7fffffffffffUL);
	default: return ~0UL - fz_below(PAGE_SIZE);
	}
}

static uint64_t fz_pte(void)
{
	uint64_t flags = fz_chance(70) ? (fz_rand() & 0x1ff) | _PAGE_PRESENT : fz_rand() & 0xfff;
	xen_pfn_t m = fz_mfn_ro();

	if (fz_chance(10))
		flags |= fz_rand() & 0xfff0000000000000ULL;	/* NX and the high bits */
	/* Our kernel's frames: read-only only. */
	if (fz_protected_mfn(m))
		flags &= ~_PAGE_RW;
	return ((uint64_t)m << PAGE_SHIFT) | flags;
}

/* A machine address inside a frame we may have written (page-table entry). */
static uint64_t fz_maddr(void)
{
	return ((uint64_t)fz_mfn() << PAGE_SHIFT) |
	       (fz_chance(90) ? fz_below(PT_ENTRIES) * 8 : fz_below(PAGE_SIZE));
}

/* Any 64-bit word: a value, a count, a pointer, a frame, an entry, an id. */
static uint64_t fz_word(void)
{
	switch (fz_below(8)) {
	case 0: return fz_rand();
	case 1: return (uint32_t)fz_rand();
	case 2: return fz_ptr();
	case 3: return fz_mfn();
	case 4: return ((uint64_t)fz_mfn() << PAGE_SHIFT) | (fz_rand() & 0xfff);
	case 5: return fz_domid() | (fz_chance(50) ? (uint64_t)fz_domid() << 16 : 0);
	case 6: return fz_count();
	default: return interesting[fz_below(ARRAY_SIZE(interesting))];
	}
}

static void fz_fill(void *p, size_t size)
{
	uint64_t *w = p;
	size_t i;

	for (i = 0; i < size / 8; i++)
		w[i] = fz_word();
}

/*
 * Arguments that run off the end of the buffers into the hole are drawn
 * in a shadow first, and what fits is copied in after the call's fields
 * are set (fz_commit): the part the hypervisor can read is as sanitized
 * as any other argument, and the rest faults.
 */
static char shadow[16384] __aligned(8);
static size_t shadow_used;
static struct {
	char *dst, *src;
	size_t len;
} pending[8];
static unsigned int nr_pending;

static void *shadow_alloc(size_t size)
{
	char *p;

	size = (size + 7) & ~7UL;
	if (shadow_used + size > sizeof(shadow) || nr_pending == ARRAY_SIZE(pending))
		return NULL;
	p = shadow + shadow_used;
	shadow_used += size;
	return p;
}

static void fz_commit(void)
{
	unsigned int i;

	for (i = 0; i < nr_pending; i++)
		memcpy(pending[i].dst, pending[i].src, pending[i].len);
	nr_pending = 0;
	shadow_used = 0;
}

/* fz_place for a multicall entry: in its slot, or where nothing can be read. */
static void *mc_place(size_t size, unsigned long *addr)
{
	char *p, *sh;

	if (fz_chance(8) || size + 8 > (size_t)(mc_top - mc_lo)) {
		sh = shadow_alloc(size < sizeof(shadow) / 2 ? size : sizeof(shadow) / 2);
		*addr = fz_bad_ptr();
		return sh ? sh : (void *)mc_lo;
	}
	p = (char *)((unsigned long)(mc_top - size - 1) & ~7UL);	/* +1: misaligned fits */
	mc_top = p - 8;
	fz_fill(p, size);
	*addr = (unsigned long)p + (fz_chance(3) ? 1 : 0);	/* misaligned */
	return (void *)*addr;
}

/*
 * Room for an argument of `size` bytes, filled at random: *addr is what
 * the call gets, the return value where to set its fields.
 */
static void *fz_place(size_t size, unsigned long *addr)
{
	size_t room = size < FZ_BUF_SIZE ? size : FZ_BUF_SIZE;
	char *p, *sh;

	if (mc_top)
		return mc_place(size, addr);
	if (fz_chance(5) && room >= 16 && (sh = shadow_alloc(room))) {
		/* Half of it in the hole: the copy faults part way. */
		p = fz_buf + FZ_BUF_SIZE - ((room / 2) & ~7UL);
		fz_fill(sh, room);
		pending[nr_pending].dst = p;
		pending[nr_pending].src = sh;
		pending[nr_pending].len = fz_buf + FZ_BUF_SIZE - p;
		nr_pending++;
		*addr = (unsigned long)p;
		return sh;
	}
	if (fz_chance(8) && (sh = shadow_alloc(room))) {
		/* Unreadable, or all ones: nothing of what we set is seen. */
		*addr = fz_bad_ptr();
		return sh;
	}
	p = fz_buf + (fz_below(FZ_BUF_SIZE - room + 1) & ~7UL);
	if (fz_chance(3) && p + room < fz_buf + FZ_BUF_SIZE)
		p++;		/* misaligned */
	fz_fill((void *)((unsigned long)p & ~7UL), room + 8 <= FZ_BUF_SIZE ? room : room - 8);
	*addr = (unsigned long)p;
	return p;
}

static void set_call(struct fz_call *c, unsigned long nr)
{
	unsigned int i;

	c->nr = nr;
	for (i = 0; i < 6; i++)
		c->a[i] = fz_word();
}

/* ---- The MMU ------------------------------------------------------- */

static void draw_mmu_update(struct fz_call *c)
{
	unsigned int i, n = fz_below(9);
	struct mmu_update *req = fz_place(sizeof(*req) * (n ? n : 1), &c->a[0]);

	for (i = 0; i < n; i++) {
		req[i].ptr = fz_maddr() | (fz_chance(80) ? fz_below(4) : fz_rand() & 7);
		req[i].val = fz_chance(15) ? table_pte(fz.mfn[fz_below(FZ_TABLES)]) :
			     fz_chance(10) ? fz_word() : fz_pte();
		/* M2P updates name our scratch frames' pfns, or none of ours. */
		if ((req[i].ptr & 7) == MMU_MACHPHYS_UPDATE && fz_chance(70))
			req[i].val = fz_gpfn();
		/* Never a kernel's frame as the table: fz_maddr's frames are safe. */
	}
	c->a[1] = fz_chance(80) ? n : fz_count();
	c->a[2] = fz_chance(50) ? 0 : fz_ptr();
	c->a[3] = fz_domid();
}

static void draw_mmuext_op(struct fz_call *c)
{
	unsigned int i, n = fz_below(5);
	struct mmuext_op *op = fz_place(sizeof(*op) * (n ? n : 1), &c->a[0]);

	for (i = 0; i < n; i++) {
		op[i].cmd = fz_chance(90) ? fz_below(22) : (unsigned int)fz_word();
		switch (op[i].cmd) {
		case MMUEXT_NEW_BASEPTR:
			/* Only the one we run on, or one that is not ours. */
			op[i].arg1.mfn = fz_chance(30) ? read_cr3() >> PAGE_SHIFT :
					 fz.max_mfn + fz_below(64);
			break;
		case 15:	/* NEW_USER_BASEPTR: the kernel's is not known here */
			op[i].arg1.mfn = fz.max_mfn + fz_below(64);
			break;
		case 7: case 8: case 9: case 10:	/* INVLPG and flushes */
		case 13:				/* SET_LDT */
			op[i].arg1.linear_addr = fz_ptr();
			op[i].arg2.vcpumask = (void *)fz_ptr();
			if (op[i].cmd == 13) {
				op[i].arg2.nr_ents = fz_count();
				fz.restore |= FZ_R_GDT;
			}
			break;
		case 17:				/* COPY_PAGE: reads any */
			op[i].arg1.mfn = fz_mfn();
			op[i].arg2.src_mfn = fz_mfn_ro();
			break;
		default:
			op[i].arg1.mfn = fz_chance(10) ? fz.space : fz_mfn();
			op[i].arg2.src_mfn = fz_word();
			break;
		}
	}
	c->a[1] = fz_chance(80) ? n : fz_count();
	c->a[2] = fz_chance(50) ? 0 : fz_ptr();
	c->a[3] = fz_domid();
}

/* update_va_mapping(_otherdomain): only into our window, or where nothing is ours. */
static void draw_update_va_mapping(struct fz_call *c, bool other)
{
	c->a[0] = fz_chance(75) ? (unsigned long)fz_win + fz_below(FZ_WIN_PAGES) * PAGE_SIZE +
				  (fz_chance(5) ? fz_below(PAGE_SIZE) : 0) :
		  fz_chance(50) ? BAD_PTR_HYPERVISOR + fz_below(1UL << 30) :
		  0x0000800000000000UL + fz_below(1UL << 40);
	c->a[1] = fz_chance(20) ? 0 : fz_pte();
	c->a[2] = fz_chance(80) ? fz_below(8) : fz_word();
	if ((c->a[2] & ~7UL) != 0 || fz_chance(50))
		c->a[2] = (c->a[2] & 7) | (fz_ptr() & ~7UL);	/* UVMF_MULTI: a vCPU mask */
	if (other)
		c->a[3] = fz_domid();
}

static void draw_update_descriptor(struct fz_call *c)
{
	c->a[0] = fz_maddr() & ~(fz_chance(90) ? 7UL : 0UL);
	c->a[1] = fz_word();
}

/* ---- Memory, grants, event channels ---------------------------------- */

static void draw_reservation(struct xen_memory_reservation *r, bool gpfns)
{
	unsigned int i, n = fz_below(8);
	unsigned long addr;
	uint64_t *ext = fz_place(8 * (n ? n : 1), &addr);

	for (i = 0; i < n; i++)
		ext[i] = gpfns ? fz_gpfn() : fz_mfn();
	r->extent_start = (void *)addr;
	r->nr_extents = fz_chance(80) ? n : fz_count();
	r->extent_order = fz_chance(80) ? 0 : fz_below(fz_chance(50) ? 12 : 64);
	r->mem_flags = fz_chance(70) ? 0 : (unsigned int)fz_word();
	r->domid = fz_target(true);
}

static void draw_memory_op(struct fz_call *c)
{
	unsigned int cmd = fz_chance(90) ? fz_below(30) : (unsigned int)fz_word();
	unsigned long addr;
	uint64_t *w = fz_place(256, &addr);
	struct xen_memory_reservation *r = (void *)w;

	switch (cmd) {
	case XENMEM_increase_reservation:
	case XENMEM_populate_physmap:
		draw_reservation(r, cmd == XENMEM_populate_physmap);
		/* Domain 0 has the machine's memory: a little at a time. */
		if (fz.dom0) {
			r->nr_extents &= 7;
			r->extent_order &= 1;
		}
		break;
	case XENMEM_decrease_reservation:
		draw_reservation(r, false);
		break;
	case XENMEM_exchange:
		draw_reservation(r, false);
		draw_reservation(r + 1, true);
		w[2 * sizeof(*r) / 8] = fz_count();	/* nr_exchanged */
		break;
	case XENMEM_add_to_physmap:
		/* domid, size, space, idx, gpfn */
		w[0] = fz_target(true) | ((fz_count() & 0xffff) << 16) |
		       ((uint64_t)fz_below(8) << 32);
		w[1] = fz_word();
		w[2] = fz_gpfn();
		break;
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		/* The argument is a domid. */
		*(domid_t *)w = fz_domid();
		break;
	}
	c->a[0] = cmd | (fz_chance(5) ? fz_word() << 6 : 0);	/* a continuation's bits */
	c->a[1] = addr;
}

static bool in_window(unsigned long p);

/* Each grant op's element size: the ops come as an array. */
static const uint8_t gnttab_elem[] = {
	[GNTTABOP_map_grant_ref] = 32, [GNTTABOP_unmap_grant_ref] = 24,
	[GNTTABOP_setup_table] = 24, [GNTTABOP_dump_table] = 4, [GNTTABOP_transfer] = 16,
	[GNTTABOP_copy] = 40, [GNTTABOP_query_size] = 16, [GNTTABOP_unmap_and_replace] = 24,
	[GNTTABOP_set_version] = 4, [GNTTABOP_get_status_frames] = 16,
	[GNTTABOP_get_version] = 8, [GNTTABOP_swap_grant_ref] = 12,
	[GNTTABOP_cache_flush] = 16,
};

static unsigned long fz_win_page(void)
{
	return (unsigned long)fz_win + fz_below(FZ_WIN_PAGES) * PAGE_SIZE;
}

#define KERNEL_VA_START	0xffffffff80000000UL

/*
 * A virtual address whose mapping a call replaces or zaps (grant maps
 * and unmaps): a window page, or one where nothing of ours is mapped.
 */
static unsigned long safe_va(unsigned long va)
{
	if (va >= KERNEL_VA_START && !in_window(va))
		return fz_win_page();
	return va;
}

static unsigned long fz_va(void)
{
	return fz_chance(75) ? fz_win_page() : safe_va(fz_ptr());
}

static void draw_grant(unsigned int cmd, char *e)
{
	uint64_t *w = (void *)e;
	uint32_t *h = (void *)e;

	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		w[0] = fz_va();
		h[2] = fz_chance(70) ? fz_below(32) : (uint32_t)fz_word();	/* flags */
		/* contains_pte: host_addr is the machine address of an entry */
		if (h[2] & GNTMAP_contains_pte)
			w[0] = fz_maddr();
		h[3] = fz_chance(70) ? FZ_REF0 + fz_below(FZ_REFS + 1) : (uint32_t)fz_word();
		h[4] = fz_chance(50) ? fz.self : fz_domid();
		break;
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_unmap_and_replace:
		w[0] = fz_chance(80) ? fz_va() : fz_maddr();
		w[1] = fz_chance(80) ? fz_va() : fz_maddr();
		h[4] = fz_chance(80) ? fz_below(16) : (uint32_t)fz_word();	/* handle */
		break;
	case GNTTABOP_copy:
		/* source and dest: {ref or gmfn, domid, offset}; len, flags */
		w[0] = fz_chance(50) ? FZ_REF0 + fz_below(FZ_REFS) : fz_mfn_ro();
		w[1] = fz_domid() | (fz_below(PAGE_SIZE + 16) << 16);
		w[2] = fz_chance(50) ? FZ_REF0 + fz_below(FZ_REFS) : fz_mfn();
		w[3] = fz_domid() | (fz_below(PAGE_SIZE + 16) << 16);
		w[4] = fz_below(PAGE_SIZE + 16) | (fz_below(8) << 16);
		break;
	case GNTTABOP_transfer:
		w[0] = fz_mfn();
		w[1] = fz_domid() | ((uint64_t)(FZ_REF0 + fz_below(FZ_REFS)) << 32);
		break;
	case GNTTABOP_setup_table:
		w[0] = fz_domid() | (fz_count() << 32);
		w[2] = fz_ptr();
		break;
	case GNTTABOP_get_status_frames:
		w[0] = fz_count() | ((uint64_t)fz_domid() << 32);
		w[1] = fz_ptr();
		break;
	case GNTTABOP_query_size:
	case GNTTABOP_dump_table:
		h[0] = fz_domid();
		break;
	case GNTTABOP_set_version:
		h[0] = fz_chance(80) ? fz_below(4) : (uint32_t)fz_word();
		fz.restore |= FZ_R_GRANT;
		break;
	case GNTTABOP_swap_grant_ref:
		h[0] = FZ_REF0 + fz_below(FZ_REFS + 2);
		h[1] = FZ_REF0 + fz_below(FZ_REFS + 2);
		break;
	case GNTTABOP_cache_flush:
		w[0] = fz_chance(50) ? fz_mfn_ro() << PAGE_SHIFT : fz_word();
		break;
	}
}

static void draw_grant_table_op(struct fz_call *c)
{
	unsigned int cmd = fz_chance(95) ? fz_below(14) : (unsigned int)fz_word();
	unsigned int size = cmd < ARRAY_SIZE(gnttab_elem) ? gnttab_elem[cmd] : 16;
	unsigned int i, n = 1 + fz_below(3);
	char *e = fz_place(size * n, &c->a[1]);

	for (i = 0; i < n; i++)
		draw_grant(cmd, e + i * size);
	c->a[0] = cmd;
	c->a[2] = fz_chance(80) ? n : fz_count();
}

static void draw_event_channel_op(struct fz_call *c)
{
	unsigned int cmd = fz_chance(95) ? fz_below(16) : (unsigned int)fz_word();
	uint32_t *w = fz_place(32, &c->a[1]);

	switch (cmd) {
	case EVTCHNOP_alloc_unbound:
		w[0] = fz_domid() | (fz_domid() << 16);
		break;
	case EVTCHNOP_bind_interdomain:
		w[0] = fz_chance(40) ? fz.self : fz_domid();
		w[1] = fz_port();
		break;
	case EVTCHNOP_bind_virq:
		w[0] = fz_chance(90) ? fz_below(26) : (uint32_t)fz_word();
		w[1] = fz_vcpu();
		break;
	case EVTCHNOP_bind_pirq:
		w[0] = fz_chance(80) ? fz_below(64) : (uint32_t)fz_word();
		w[1] = fz_below(4);
		break;
	case EVTCHNOP_bind_ipi:
		w[0] = fz_vcpu();
		break;
	case EVTCHNOP_close:
		w[0] = fz_port_ours();
		break;
	case EVTCHNOP_bind_vcpu:
		w[0] = fz_port_ours();
		w[1] = fz_vcpu();
		break;
	case EVTCHNOP_send:
	case EVTCHNOP_unmask:
		w[0] = fz_port();
		break;
	case EVTCHNOP_status:
		w[0] = fz_domid();
		w[1] = fz_port();
		break;
	case EVTCHNOP_reset:
	case EVTCHNOP_reset_cont:
		/* Never our own: it would close the kernel's ports. */
		w[0] = fz_domid();
		if (w[0] == DOMID_SELF || w[0] == fz.self)
			w[0] = fz.dom0 ? fz.scratch_dom : fz.victim;
		break;
	case EVTCHNOP_init_control:
	case EVTCHNOP_expand_array:
		/* Never a frame of ours: the FIFO ABI would replace the kernel's. */
		*(uint64_t *)w = fz.max_mfn + fz_below(1UL << fz_below(40));
		break;
	}
	c->a[0] = cmd;
}

/* ---- Scheduling, vCPUs, time ------------------------------------------ */

static void draw_sched_op(struct fz_call *c)
{
	unsigned int cmd = fz_chance(95) ? fz_below(9) : (unsigned int)fz_word();
	uint64_t *w = fz_place(32, &c->a[1]);

	switch (cmd) {
	case SCHEDOP_shutdown:
	case SCHEDOP_shutdown_code:
		/*
		 * Xen shuts down with any reason it reads: only a pointer it
		 * cannot.  The same for shutdown_code: the first code read
		 * stays, and our own end would be reported with it (240 once,
		 * where the watcher wants poweroff).
		 */
		c->a[1] = fz_bad_ptr();
		if (c->a[1] - (unsigned long)FZ_RO < PAGE_SIZE)
			c->a[1] = BAD_PTR_HYPERVISOR;
		break;
	case SCHEDOP_block:
		/*
		 * Blocked forever without an event: a timer wakes us
		 * (fz_iteration), once.  In a multicall a second block, or
		 * the same after the multicall's continuation, or an entry
		 * that stops the timer would have no wake-up: a yield there.
		 */
		if (mc_top)
			c->a[0] = cmd = SCHEDOP_yield;
		else
			fz.restore |= FZ_R_BLOCK;
		break;
	case SCHEDOP_poll:
		/* {ports, nr_ports, timeout}: never 0 (forever) */
		w[0] = fz_ptr();
		w[1] = fz_chance(80) ? fz_below(4) : fz_count();
		w[2] = xen_system_time() + fz_below(200000) + 1;
		if (fz_chance(50))
			*(uint32_t *)fz_buf = fz_port();
		break;
	case SCHEDOP_remote_shutdown:
		w[0] = fz_target(false) | ((uint64_t)fz_below(8) << 32);
		if (w[0] == DOMID_SELF || (uint16_t)w[0] == fz.self)
			w[0] = fz.dom0 ? fz.scratch_dom : fz.victim;
		break;
	case SCHEDOP_watchdog:
		/*
		 * {id, timeout}.  A new watchdog (id 0) of timeout 0 fires at
		 * once on Xen 4.17 and shuts us down (its first run ended so):
		 * at least a second, and fz_restore kills it before then.
		 */
		w[0] = fz_below(4) | (fz_count() << 32);
		if (!(uint32_t)w[0] && !(w[0] >> 32))
			w[0] |= 1ULL << 32;
		fz.restore |= FZ_R_SCHED;
		break;
	case SCHEDOP_pin_override:
		w[0] = fz_chance(50) ? fz_below(4) : fz_word();
		fz.restore |= FZ_R_SCHED;
		break;
	}
	c->a[0] = cmd;
}

static void draw_vcpu_op(struct fz_call *c)
{
	unsigned int cmd = fz_chance(95) ? fz_below(16) : (unsigned int)fz_word();
	unsigned int vcpu = fz_vcpu();
	uint64_t *w = fz_place(sizeof(struct vcpu_guest_context), &c->a[2]);

	switch (cmd) {
	case VCPUOP_down:
	case VCPUOP_send_nmi:
	case VCPUOP_initialise:
	case VCPUOP_up:
		/* Not our own vCPUs: that would stop or interrupt the kernel. */
		if (vcpu < fz.nr_vcpus + 1)
			vcpu = fz.nr_vcpus + 1 + fz_below(1000);
		break;
	case VCPUOP_register_runstate_memory_area:
	case VCPUOP_register_vcpu_time_memory_area:
	case VCPUOP_register_vcpu_info:
		w[0] = fz_ptr();
		w[1] = fz_rand() & 0xfff;
		fz.restore |= FZ_R_VCPU;
		break;
	case VCPUOP_set_periodic_timer:
	case VCPUOP_set_singleshot_timer:
		w[0] = fz_chance(50) ? xen_system_time() + fz_below(10000000) : fz_word();
		w[1] = fz_below(4);
		fz.restore |= FZ_R_VCPU;
		break;
	}
	c->a[0] = cmd;
	c->a[1] = vcpu;
}

/* ---- The guest's own processor state -------------------------------- */

static void draw_set_trap_table(struct fz_call *c)
{
	unsigned int i, n = fz_below(6);
	struct trap_info *ti = fz_place(sizeof(*ti) * (n + 1), &c->a[0]);

	for (i = 0; i < n; i++) {
		ti[i].vector = fz_chance(80) ? fz_below(256) : (uint8_t)fz_rand();
		ti[i].flags = fz_below(16);
		ti[i].cs = fz_chance(50) ? FLAT_KERNEL_CS : (uint16_t)fz_word();
		ti[i].address = fz_word();
	}
	if (fz_chance(70))
		memset(&ti[n], 0, sizeof(ti[n]));
	if (fz_chance(5))
		c->a[0] = 0;	/* no table: clears it */
	fz.restore |= FZ_R_TRAPS;
}

static void draw_callbacks(struct fz_call *c, bool op)
{
	uint64_t *w;

	if (op) {
		c->a[0] = fz_chance(90) ? fz_below(3) : fz_word();
		w = fz_place(32, &c->a[1]);
		w[0] = fz_below(10) | (fz_below(8) << 32);	/* type, flags */
		w[1] = fz_word();
	}
	fz.restore |= FZ_R_TRAPS;
}

static void draw_set_gdt(struct fz_call *c)
{
	unsigned int i, n = fz_below(17);
	uint64_t *f = fz_place(8 * (n ? n : 1), &c->a[0]);

	for (i = 0; i < n; i++)
		f[i] = fz_mfn();
	c->a[1] = fz_chance(70) ? fz_below(n * 512 + 2) : fz_count();
	fz.restore |= FZ_R_GDT;
}

/* ---- Information, consoles and the privileged interfaces ------------- */

static void draw_console_io(struct fz_call *c)
{
	c->a[0] = fz_chance(90) ? fz_below(3) : fz_word();
	c->a[1] = fz_count();
	c->a[2] = fz_ptr();
	/* What is written is a line of the log: only what cannot print (count is unsigned). */
	if ((unsigned int)c->a[0] == CONSOLEIO_write && (unsigned int)c->a[1])
		c->a[2] = fz_chance(50) ? (unsigned long)FZ_HOLE : BAD_PTR_HYPERVISOR;
}

/* Commands domain 0 may use to hurt the machine itself (not what is tested). */
static bool dom0_spares(unsigned long nr, uint32_t cmd)
{
	switch (nr) {
	case __HYPERVISOR_sysctl:
		/* debug_keys, pm_op, page_offline, cpupool, cpu_hotplug, livepatch... */
		return cmd == 7 || cmd == 11 || cmd == 12 || cmd == 14 || cmd == 18 ||
		       cmd == 27 || cmd == 28;
	case __HYPERVISOR_platform_op:
		/* microcode, quirks, sleep, frequencies, CPU and memory hotplug, MSRs */
		return cmd != 17 && cmd != 62 && cmd != 50 && cmd != 53 && cmd != 55 &&
		       cmd != 48 && cmd != 63 && cmd != 64 && cmd != 33 && cmd < 100;
	case __HYPERVISOR_physdev_op:
		/*
		 * apic_write, setup_gsi, iopl & I/O bitmap: the machine's own
		 * I/O; prepare_msix and release_msix: Xen 4.17 takes a fatal
		 * page fault in pci_prepare_msix() for a device with no MSI-X
		 * (seed 1, as its domain 0), so its figures could not be had.
		 */
		return cmd == 9 || cmd == 21 || cmd == 30 || cmd == 31;
	}
	return false;
}

/*
 * domctls domain 0 may aim at itself (they read, or change what it does
 * not rely on).  Not scheduler_op: a cap it gave itself (seed 1,
 * iteration 4.49 million) parked it most of the time, and the run went
 * on 60 times slower (Documentation/dev-tools/fuzzing.rst).
 */
static bool domctl_harmless_to_self(uint32_t cmd)
{
	switch (cmd) {
	case XEN_DOMCTL_getdomaininfo: case XEN_DOMCTL_getvcpucontext:
	case XEN_DOMCTL_getvcpuinfo: case XEN_DOMCTL_getvcpuaffinity:
	case XEN_DOMCTL_get_address_size: case XEN_DOMCTL_getpageframeinfo3:
	case XEN_DOMCTL_setdomainhandle: case XEN_DOMCTL_hypercall_init:
		return true;
	}
	return false;
}

static void draw_xenctl(struct fz_call *c)
{
	uint32_t *w = fz_place(sizeof(struct xen_domctl), &c->a[0]);
	uint32_t cmd;
	bool ok_version = fz_chance(95);

	switch (c->nr) {
	case __HYPERVISOR_domctl:
		cmd = fz_chance(90) ? fz_below(90) : (uint32_t)fz_word();
		w[0] = cmd;
		w[1] = ok_version ? XEN_DOMCTL_INTERFACE_VERSION : (uint32_t)fz_word();
		w[2] = fz_target(domctl_harmless_to_self(cmd)) | (fz_rand() & 0xffff0000);
		if (cmd == XEN_DOMCTL_hypercall_init)
			*(uint64_t *)(w + 4) = fz_mfn();
		if (cmd == XEN_DOMCTL_createdomain)
			fz.restore |= FZ_R_DOMAIN;
		break;
	case __HYPERVISOR_sysctl:
		cmd = fz_chance(80) ? fz_below(40) : fz_chance(50) ? XEN_SYSCTL_mm_audit :
		      (uint32_t)fz_word();
		w[0] = cmd;
		w[1] = ok_version ? XEN_SYSCTL_INTERFACE_VERSION : (uint32_t)fz_word();
		break;
	default:
		cmd = fz_chance(90) ? fz_below(70) : (uint32_t)fz_word();
		w[0] = cmd;
		w[1] = ok_version ? 0x03000001 : (uint32_t)fz_word();
		break;
	}
	if (fz.dom0 && dom0_spares(c->nr, cmd))
		w[0] = c->nr == __HYPERVISOR_sysctl ? XEN_SYSCTL_physinfo : 17;
}

static void draw_physdev_op(struct fz_call *c)
{
	uint32_t cmd = fz_chance(95) ? fz_below(34) : (uint32_t)fz_word();
	uint64_t *w = fz_place(64, &c->a[1]);

	if (fz.dom0 && dom0_spares(c->nr, cmd))
		cmd = 8;	/* apic_read */
	switch (cmd) {
	case 17: case 28:	/* pirq_eoi_gmfn: the hypervisor writes that frame */
		w[0] = fz_mfn();
		break;
	case 6: case 7:		/* set_iopl, set_iobitmap */
		fz.restore |= FZ_R_IO;
		break;
	}
	c->a[0] = cmd;
}

/* ---- The guard -------------------------------------------------------- */

/*
 * The last look before a call: whatever is in the arrays it reads now
 * (what an earlier call's results left in the buffers, what a window
 * page maps), no machine address or frame it writes is the kernel's.
 * An array in a window page cannot be vouched for: it gets a bad pointer.
 */
static bool in_window(unsigned long p)
{
	return p - (unsigned long)fz_win < FZ_WIN_PAGES * PAGE_SIZE;
}

/*
 * How many elements of `size` at p are in the buffers or in a multicall
 * slot (the hole after each stops the rest).
 */
static unsigned long in_buf(unsigned long p, unsigned long size)
{
	unsigned long off = p - (unsigned long)fz_buf;

	if (off < FZ_BUF_SIZE)
		return (FZ_BUF_SIZE - off) / size;
	off = p - (unsigned long)fz_mc_arena;
	if (off < sizeof(fz_mc_arena) && off % FZ_MC_SLOT < FZ_MC_ROOM)
		return (FZ_MC_ROOM - off % FZ_MC_SLOT) / size;
	return 0;
}

static xen_pfn_t safe_mfn(xen_pfn_t m)
{
	return fz_protected_mfn(m) ? fz.mfn[m % FZ_SCRATCH] : m;
}

static uint64_t safe_maddr(uint64_t ma)
{
	return fz_protected_mfn(ma >> PAGE_SHIFT) ?
	       ((uint64_t)safe_mfn(ma >> PAGE_SHIFT) << PAGE_SHIFT) | (ma & (PAGE_SIZE - 1)) : ma;
}

static void guard_mmu_update(struct fz_call *c)
{
	struct mmu_update *req = (void *)c->a[0];
	unsigned long i, n = in_buf(c->a[0], sizeof(*req));

	for (i = 0; i < n && i < c->a[1]; i++) {
		req[i].ptr = safe_maddr(req[i].ptr);
		if ((req[i].ptr & 7) != MMU_MACHPHYS_UPDATE &&
		    fz_protected_mfn(pte_mfn(req[i].val)))
			req[i].val &= ~_PAGE_RW;
	}
}

static void guard_mmuext_op(struct fz_call *c)
{
	struct mmuext_op *op = (void *)c->a[0];
	unsigned long i, n = in_buf(c->a[0], sizeof(*op));
	xen_pfn_t cr3 = read_cr3() >> PAGE_SHIFT;

	for (i = 0; i < n && i < c->a[1]; i++) {
		switch (op[i].cmd) {
		case 6: case 7: case 8: case 9: case 10: case 11: case 12: case 13: case 18:
			break;		/* addresses and masks, no frame */
		case MMUEXT_NEW_BASEPTR:
			/*
			 * Not even a scratch frame: pinned as an L4 by an
			 * earlier op, it would be loaded, and it maps no
			 * kernel (the run of 10^7 died so at 7878045).
			 * Another domain's frames stay: they must be refused.
			 */
			if (op[i].arg1.mfn != cr3 && fz_own_mfn(op[i].arg1.mfn))
				op[i].arg1.mfn = fz.max_mfn + 1;
			break;
		case 15:
			if (fz_protected_mfn(op[i].arg1.mfn))
				op[i].arg1.mfn = fz.max_mfn + 1;
			break;
		default:
			op[i].arg1.mfn = safe_mfn(op[i].arg1.mfn);
			break;
		}
	}
}

/* decrease_reservation and exchange give frames away: never the kernel's. */
static void guard_extents(struct xen_memory_reservation *r)
{
	unsigned long i, n;
	xen_pfn_t *ext;

	if (in_window((unsigned long)r->extent_start)) {
		r->extent_start = (void *)BAD_PTR_HYPERVISOR;
		return;
	}
	ext = r->extent_start;
	n = in_buf((unsigned long)ext, sizeof(*ext));
	for (i = 0; i < n && i < r->nr_extents; i++)
		ext[i] = safe_mfn(ext[i]);
}

static void guard_memory_op(struct fz_call *c)
{
	struct xen_memory_reservation *r = (void *)c->a[1];
	unsigned int cmd = c->a[0] & 0x3f;

	if (cmd != XENMEM_decrease_reservation && cmd != XENMEM_exchange)
		return;
	if (!in_buf(c->a[1], sizeof(struct xen_memory_exchange))) {
		c->a[1] = fz_bad_ptr();
		return;
	}
	guard_extents(r);
}

static void guard_grant_table_op(struct fz_call *c)
{
	unsigned int cmd = c->a[0];
	unsigned int size = cmd < ARRAY_SIZE(gnttab_elem) ? gnttab_elem[cmd] : 16;
	unsigned long i, n = in_buf(c->a[1], size);
	char *e = (void *)c->a[1];

	for (i = 0; i < n && i < c->a[2]; i++, e += size) {
		uint64_t *w = (void *)e;
		uint32_t *h = (void *)e;

		if (cmd == GNTTABOP_map_grant_ref && (h[2] & GNTMAP_contains_pte))
			w[0] = safe_maddr(w[0]);
		else if (cmd == GNTTABOP_map_grant_ref)
			w[0] = safe_va(w[0]);
		else if ((cmd == GNTTABOP_unmap_grant_ref || cmd == GNTTABOP_unmap_and_replace))
			w[1] = safe_va(safe_maddr(w[1])), w[0] = safe_va(safe_maddr(w[0]));
		else if (cmd == GNTTABOP_copy && !(e[34] & GNTCOPY_dest_gref))
			w[2] = safe_mfn(w[2]);
		else if (cmd == GNTTABOP_transfer)
			w[0] = safe_mfn(w[0]);
	}
}

static void fz_guard(struct fz_call *c)
{
	/* No array or struct of ours to vouch for in a window page. */
	if (in_window(c->a[0]) && c->nr != __HYPERVISOR_update_va_mapping &&
	    c->nr != __HYPERVISOR_update_va_mapping_otherdomain)
		c->a[0] = fz_bad_ptr();
	if (in_window(c->a[1]) && c->nr != __HYPERVISOR_xen_version)
		c->a[1] = fz_bad_ptr();
	switch (c->nr) {
	case __HYPERVISOR_mmu_update:		guard_mmu_update(c); break;
	case __HYPERVISOR_mmuext_op:		guard_mmuext_op(c); break;
	case __HYPERVISOR_memory_op:		guard_memory_op(c); break;
	case __HYPERVISOR_grant_table_op:	guard_grant_table_op(c); break;
	case __HYPERVISOR_update_descriptor:	c->a[0] = safe_maddr(c->a[0]); break;
	case __HYPERVISOR_physdev_op:
		if ((c->a[0] == 17 || c->a[0] == 28) && in_buf(c->a[1], 8))
			*(uint64_t *)c->a[1] = safe_mfn(*(uint64_t *)c->a[1]);
		break;
	case __HYPERVISOR_domctl:
		if (in_buf(c->a[0], 24) && *(uint32_t *)c->a[0] == XEN_DOMCTL_hypercall_init)
			*(uint64_t *)(c->a[0] + 16) = safe_mfn(*(uint64_t *)(c->a[0] + 16));
		break;
	}
}

/* ---- The switchboard ------------------------------------------------- */

static void draw_one(struct fz_call *c, bool in_multicall);

static void draw_multicall(struct fz_call *c)
{
	unsigned int i, n = fz_below(ARRAY_SIZE(fz_mc) + 1);
	struct fz_call e;

	for (i = 0; i < n; i++) {
		mc_lo = fz_mc_arena[i];
		mc_top = mc_lo + FZ_MC_ROOM;
		draw_one(&e, true);
		fz_commit();
		fz_guard(&e);
		mc_top = NULL;
		memset(&fz_mc[i], 0, sizeof(fz_mc[i]));
		fz_mc[i].op = e.nr;
		memcpy(fz_mc[i].args, e.a, sizeof(e.a));
	}
	/* Elsewhere the entries would be stale and unguarded: only where none can be read. */
	c->a[0] = fz_chance(90) ? (unsigned long)fz_mc : fz_bad_ptr();
	c->a[1] = fz_chance(85) ? n : fz_count();
	/* Past what we drew the entries are stale, already sanitized ones. */
	if (c->a[0] == (unsigned long)fz_mc && c->a[1] > n)
		c->a[1] = n;
}

#define FZ_NR_NONE	999

/* The hypercalls, each with its weight in a hundred draws. */
static const struct {
	unsigned long nr;
	unsigned int weight;
} fz_table[] = {
	{ __HYPERVISOR_mmu_update, 10 },
	{ __HYPERVISOR_mmuext_op, 10 },
	{ __HYPERVISOR_update_va_mapping, 8 },
	{ __HYPERVISOR_update_va_mapping_otherdomain, 3 },
	{ __HYPERVISOR_memory_op, 8 },
	{ __HYPERVISOR_grant_table_op, 8 },
	{ __HYPERVISOR_event_channel_op, 8 },
	{ __HYPERVISOR_sched_op, 3 },
	{ __HYPERVISOR_vcpu_op, 4 },
	{ __HYPERVISOR_multicall, 5 },
	{ __HYPERVISOR_domctl, 6 },
	{ __HYPERVISOR_sysctl, 3 },
	{ __HYPERVISOR_platform_op, 2 },
	{ __HYPERVISOR_physdev_op, 3 },
	{ __HYPERVISOR_xen_version, 2 },
	{ __HYPERVISOR_console_io, 1 },
	{ __HYPERVISOR_set_trap_table, 1 },
	{ __HYPERVISOR_callback_op, 1 },
	{ __HYPERVISOR_set_callbacks, 1 },
	{ __HYPERVISOR_set_gdt, 1 },
	{ __HYPERVISOR_update_descriptor, 2 },
	{ __HYPERVISOR_stack_switch, 1 },
	{ __HYPERVISOR_fpu_taskswitch, 1 },
	{ __HYPERVISOR_set_segment_base, 1 },
	{ __HYPERVISOR_set_debugreg, 1 },
	{ __HYPERVISOR_get_debugreg, 1 },
	{ __HYPERVISOR_set_timer_op, 1 },
	{ __HYPERVISOR_vm_assist, 1 },
	{ FZ_NR_NONE, 1 },	/* a number there is no hypercall for */
};

static unsigned long draw_nr(void)
{
	unsigned int total = 0, i, pick;

	for (i = 0; i < ARRAY_SIZE(fz_table); i++)
		total += fz_table[i].weight;
	pick = fz_below(total);
	for (i = 0; pick >= fz_table[i].weight; i++)
		pick -= fz_table[i].weight;
	return fz_table[i].nr;
}

static void draw_one(struct fz_call *c, bool in_multicall)
{
	unsigned long nr = draw_nr();

	/*
	 * In a multicall, nothing that changes our own processor state:
	 * what the next entry's fault would meet is not ours to put back
	 * in time (a direct call is put back at once, fz_restore).
	 */
	if (in_multicall && (nr == __HYPERVISOR_multicall || nr == __HYPERVISOR_set_trap_table ||
			     nr == __HYPERVISOR_callback_op || nr == __HYPERVISOR_set_callbacks ||
			     nr == __HYPERVISOR_set_segment_base || nr == __HYPERVISOR_stack_switch ||
			     nr == __HYPERVISOR_fpu_taskswitch || nr == __HYPERVISOR_set_debugreg))
		nr = __HYPERVISOR_xen_version;
	set_call(c, nr);
	switch (nr) {
	case __HYPERVISOR_mmu_update:		draw_mmu_update(c); break;
	case __HYPERVISOR_mmuext_op:		draw_mmuext_op(c); break;
	case __HYPERVISOR_update_va_mapping:	draw_update_va_mapping(c, false); break;
	case __HYPERVISOR_update_va_mapping_otherdomain:
		draw_update_va_mapping(c, true);
		break;
	case __HYPERVISOR_update_descriptor:	draw_update_descriptor(c); break;
	case __HYPERVISOR_memory_op:		draw_memory_op(c); break;
	case __HYPERVISOR_grant_table_op:	draw_grant_table_op(c); break;
	case __HYPERVISOR_event_channel_op:	draw_event_channel_op(c); break;
	case __HYPERVISOR_sched_op:		draw_sched_op(c); break;
	case __HYPERVISOR_vcpu_op:		draw_vcpu_op(c); break;
	case __HYPERVISOR_multicall:		draw_multicall(c); break;
	case __HYPERVISOR_domctl:
	case __HYPERVISOR_sysctl:
	case __HYPERVISOR_platform_op:		draw_xenctl(c); break;
	case __HYPERVISOR_physdev_op:		draw_physdev_op(c); break;
	case __HYPERVISOR_console_io:		draw_console_io(c); break;
	case __HYPERVISOR_set_trap_table:	draw_set_trap_table(c); break;
	case __HYPERVISOR_callback_op:		draw_callbacks(c, true); break;
	case __HYPERVISOR_set_callbacks:	draw_callbacks(c, false); break;
	case __HYPERVISOR_set_gdt:		draw_set_gdt(c); break;
	case __HYPERVISOR_xen_version:
		c->a[0] = fz_chance(90) ? fz_below(12) : fz_word();
		c->a[1] = fz_ptr();
		break;
	case __HYPERVISOR_stack_switch:		fz.restore |= FZ_R_STACK; break;
	case __HYPERVISOR_fpu_taskswitch:	fz.restore |= FZ_R_FPU; break;
	case __HYPERVISOR_set_segment_base:
		c->a[0] = fz_below(6);
		fz.restore |= FZ_R_SEGBASE;
		break;
	case __HYPERVISOR_set_debugreg:
		c->a[0] = fz_below(9);
		c->a[1] = fz_chance(50) ? fz_ptr() : fz_word();
		fz.restore |= FZ_R_DEBUGREG;
		break;
	case __HYPERVISOR_get_debugreg:
		c->a[0] = fz_below(10);
		break;
	case __HYPERVISOR_vm_assist:
		c->a[0] = fz_below(4);
		c->a[1] = fz_chance(90) ? fz_below(12) : fz_word();
		fz.restore |= FZ_R_VMASSIST;
		break;
	case FZ_NR_NONE:
		/*
		 * 37 to 66: the rare calls (kexec_op, dm_op, hypfs_op, mca,
		 * paging_domctl_cont: none harmful with any argument) and
		 * numbers neither hypervisor has; or any number.
		 */
		c->nr = fz_chance(50) ? 37 + fz_below(30) : fz_word();
		if (c->nr == __HYPERVISOR_iret || c->nr < 37)
			c->nr = 64;
		break;
	}
}

void fz_draw(struct fz_call *c)
{
	nr_pending = 0;
	shadow_used = 0;
	draw_one(c, false);
	fz_commit();
	fz_guard(c);
}
