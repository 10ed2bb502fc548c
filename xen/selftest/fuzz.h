/*
 * The hypercall fuzzer (fuzz.c runs it, fuzz_gen.c draws the calls): the
 * state both share.  Everything random comes from one generator seeded
 * by (seed, iteration), so one iteration replays alone and a run replays
 * whole (Documentation/dev-tools/fuzzing.rst).
 */
#ifndef SELFTEST_FUZZ_H
#define SELFTEST_FUZZ_H

#include <asm/hypercall.h>
#include <asm/mm.h>
#include <public/xen.h>

#define FZ_BUF_PAGES	4	/* the random buffers, then a hole, then a read-only page */
#define FZ_WIN_PAGES	8	/* where update_va_mapping and grant maps land */
#define FZ_SCRATCH	16	/* frames of ours the fuzzer may do anything with */
#define FZ_TABLES	8	/* of which these start as page tables */
#define FZ_PORTS	8	/* event channels it opens itself */
#define FZ_REF0		100	/* its grant references: FZ_REF0..FZ_REF0+FZ_REFS-1 */
#define FZ_REFS		8
#define FZ_PORT_LIMIT	1024	/* ports the protection bitmap covers */
#define FZ_MC_ENTRIES	8	/* a multicall's entries at most */
#define FZ_MC_ROOM	(2 * PAGE_SIZE)	/* each entry's arguments, then a hole */
#define FZ_MC_SLOT	(FZ_MC_ROOM + PAGE_SIZE)

/* One call: the hypercall number and its arguments. */
struct fz_call {
	unsigned long nr;
	unsigned long a[6];
};

/* What must be put back after a call (fz_restore), a bit each. */
enum {
	FZ_R_TRAPS	= 1 << 0,	/* trap table and callbacks */
	FZ_R_GDT	= 1 << 1,	/* GDT and LDT */
	FZ_R_STACK	= 1 << 2,
	FZ_R_FPU	= 1 << 3,
	FZ_R_SEGBASE	= 1 << 4,
	FZ_R_DEBUGREG	= 1 << 5,
	FZ_R_VCPU	= 1 << 6,	/* timers, runstate and time areas */
	FZ_R_GRANT	= 1 << 7,	/* grant table version */
	FZ_R_IO		= 1 << 8,	/* iopl, I/O bitmap */
	FZ_R_SCHED	= 1 << 9,	/* watchdogs, pin override */
	FZ_R_DOMAIN	= 1 << 10,	/* a domain it may have created */
	FZ_R_VMASSIST	= 1 << 11,
	FZ_R_BLOCK	= 1 << 12,	/* before: events masked, a timer armed */
};

struct fz_state {
	uint64_t seed, iter;		/* the iteration being drawn */
	uint64_t rng;			/* the generator's state */
	bool dom0;
	bool broken;			/* the fuzzer broke its own kernel: stop */
	domid_t self;			/* our id (0 as domain 0; else learnt, or DOMID_SELF) */
	domid_t victim, attacker;	/* 0: none */
	domid_t scratch_dom;		/* domain 0's own: a domain it created (0: none) */
	unsigned int nr_vcpus;
	unsigned long max_mfn;		/* the machine's last frame + 1 */
	xen_pfn_t xen_mfn;		/* a frame of the hypervisor (an M2P table) */
	unsigned long pfn[FZ_SCRATCH];
	xen_pfn_t mfn[FZ_SCRATCH];	/* [0, FZ_TABLES) start as tables */
	xen_pfn_t space;		/* a pinned L4 of ours, never loaded */
	evtchn_port_t port[FZ_PORTS];
	unsigned int restore;		/* FZ_R_* the last call needs */
	long created;			/* a domain createdomain made (0: none) */
	uint64_t calls;			/* hypercalls made, each multicall entry too */
};

extern struct fz_state fz;
extern char fz_buf[];			/* FZ_BUF_PAGES pages, random contents */
extern char fz_win[];			/* FZ_WIN_PAGES pages */
extern struct multicall_entry fz_mc[FZ_MC_ENTRIES];	/* a multicall's entries */
extern char fz_mc_arena[FZ_MC_ENTRIES][FZ_MC_SLOT];	/* their arguments; holes unmapped */

uint64_t fz_rand(void);
static inline unsigned long fz_below(unsigned long n)
{
	return n ? fz_rand() % n : 0;
}
static inline bool fz_chance(unsigned int percent)
{
	return fz_below(100) < percent;
}

/* An own frame that is not one of the scratch frames: never to be written. */
bool fz_protected_mfn(xen_pfn_t mfn);
/* Any frame of ours, the scratch frames too. */
bool fz_own_mfn(xen_pfn_t mfn);
/* A port the kernel used before the fuzzer started: never closed or moved. */
bool fz_protected_port(evtchn_port_t port);

/* Draw the next call into c (multicall: its entries too); ENDS with its restore bits. */
void fz_draw(struct fz_call *c);

/* Count what call c answered (rc; a multicall's entries too); print it if asked. */
void fz_answer(uint64_t iter, const struct fz_call *c, long rc, bool print);
/* Each distinct (hypercall, subop, answer) with its count. */
void fz_answers_report(void);

#endif /* SELFTEST_FUZZ_H */
