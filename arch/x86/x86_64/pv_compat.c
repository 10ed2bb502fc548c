/*
 * Compat guests, the CPU side and their structures: 32-bit PAE PV
 * kernels on the x86_64 hypervisor (Xen 3.1's compat guests;
 * Documentation/x86-pv.rst "32-bit PAE guests on x86_64").  Such a guest runs in long mode's
 * compatibility submode:
 *
 *  - on an L4 the hypervisor owns, one per vCPU (Xen's setup_compat_l4()):
 *    the hypervisor's slots as every guest L4 has them, and slot 0
 *    linking the guest's PAE L3, whose four entries map its 4 GiB;
 *  - on flat 4 GiB segments of a GDT page of its own (Xen's
 *    boot_compat_gdt): 0xe019 and 0xe021 ring-1 code and data, 0xe02b and
 *    0xe033 ring-3 code and data, where a 64-bit guest has its 64-bit and
 *    32-bit ring-3 selectors; no limits (the hypervisor lives above
 *    4 GiB, which a 32-bit address never reaches);
 *  - with int $0x82 as its hypercall, a DPL-1 gate (entry.S);
 *
 * and with its structures in their x86_32 layouts: start_info, the
 * event state of shared_info and vcpu_info, the wall clock, cr2; and the
 * compat M2P it reads at 0xF5800000.
 *
 * pv=32 on the command line lets the builder make such domains (Xen's
 * pv=32 option); without it xen-3.0-x86_32p is not among the
 * capabilities.
 *
 * Locking: the compat L4 is written by its vCPU's CPU only; the GDT
 * pages by their CPU, before it takes interrupts; the compat M2P with
 * the M2P (pv_m2p_set()'s callers' locking).
 */
#include "../pv/public.h"
#include <asm/desc.h>
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pv_paging.h>
#include <asm/system.h>
#include <xen/errno.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <compat/xen.h>
#include <lib/string.h>
#include "../pv/pv.h"
#include "pv_compat.h"

bool opt_pv32;

/* pv=32: run 32-bit PAE guests too; pv=no-32: not (the default). */
static int __init parse_pv(const char *s)
{
	if (!strcmp(s, "32"))
		opt_pv32 = true;
	else if (!strcmp(s, "no-32"))
		opt_pv32 = false;
	else
		return -EINVAL;
	return 0;
}
custom_param("pv", parse_pv);

/* ---- The per-vCPU L4 ------------------------------------------------ */

/* Slot 0 over the guest's L3: the L3's entries decide the rest. */
#define COMPAT_L4_SLOT0_FLAGS	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)

int pv_arch_vcpu_init(struct vcpu *v)
{
	u64 *l4;

	if (!v->domain->arch || !is_pv_compat_domain(v->domain))
		return 0;
	l4 = alloc_xenheap_pages(0);
	if (!l4)
		return -ENOMEM;
	memset(l4, 0, PAGE_SIZE);
	memcpy(&l4[PV_XEN_L4_FIRST], &idle_pg_table[PV_XEN_L4_FIRST],
	       PV_XEN_L4_COUNT * sizeof(*l4));
	v->arch->compat_l4 = l4;
	return 0;
}

void pv_arch_vcpu_destroy(struct vcpu *v)
{
	if (v->arch->compat_l4)
		free_xenheap_pages(v->arch->compat_l4, 0);
	v->arch->compat_l4 = NULL;
}

void pv_load_cr3(struct vcpu *v)
{
	u64 *l4 = v->arch->compat_l4;
	unsigned long mfn = pv_active_table(v);

	if (!l4) {
		write_cr3((unsigned long)mfn << PAGE_SHIFT);
		return;
	}
	/* Its own CPU's only: no other CPU walks it (and cr3 flushes ours). */
	write_pte(&l4[0], mfn ? ((u64)mfn << PAGE_SHIFT) | COMPAT_L4_SLOT0_FLAGS : 0);
	write_cr3(virt_to_maddr(l4));
}

/* ---- The compat GDT page -------------------------------------------- */

/*
 * Each CPU's page, made with pv=32 only (compat vCPUs exist only then):
 * the boot CPU's is static (its tables are loaded before the heap is
 * up), the others' come from the heap as they are brought up.
 */
static struct desc_struct boot_compat_gdt[GDT_RESERVED_ENTRIES] __aligned(PAGE_SIZE);
static struct desc_struct *gdt_compat_reserved[NR_CPUS] = { boot_compat_gdt };

/* From 0xe018 (entry 3): ring-1 code and data, ring-3 code and data, flat 32-bit. */
static const u64 compat_flat[] = {
	0x00cfbb000000ffff,	/* 0xe019 ring 1 code, 32-bit */
	0x00cfb3000000ffff,	/* 0xe021 ring 1 data */
	0x00cffb000000ffff,	/* 0xe02b ring 3 code, 32-bit */
	0x00cff3000000ffff,	/* 0xe033 ring 3 data */
};
#define COMPAT_FLAT_FIRST	3

_Static_assert(FLAT_COMPAT_RING1_CS == 0xe019 && FLAT_COMPAT_RING1_DS == 0xe021 &&
	       FLAT_COMPAT_RING3_CS == 0xe02b && FLAT_COMPAT_RING3_DS == 0xe033,
	       "the compat flat selectors");

/*
 * The CPU's compat GDT page: its reserved page (the hypervisor's code
 * and data, the TSS, the LDT slot) with the compat flat segments in
 * place of the 64-bit guest's.
 */
static int compat_gdt_init(unsigned int cpu)
{
	struct desc_struct *g = gdt_compat_reserved[cpu];

	if (!g) {
		g = alloc_xenheap_pages(0);
		if (!g)
			return -ENOMEM;
		gdt_compat_reserved[cpu] = g;
	}
	memcpy(g, gdt_reserved[cpu], sizeof(gdt_reserved[cpu]));
	memcpy(&g[COMPAT_FLAT_FIRST], compat_flat, sizeof(compat_flat));
	return 0;
}

/* A compat vCPU runs only with pv=32, when every online CPU has its page. */
struct desc_struct *pv_reserved_gdt(const struct vcpu *v, unsigned int cpu)
{
	if (!v->arch->compat_l4)
		return gdt_reserved[cpu];
	BUG_ON(!gdt_compat_reserved[cpu]);
	return gdt_compat_reserved[cpu];
}

/* ---- Entry ---------------------------------------------------------- */

extern const char compat_int82_entry[];

/* Each CPU, after its GDT and TSS are loaded (pv_percpu_init()). */
void pv_compat_percpu_init(unsigned int cpu)
{
	if (!opt_pv32)
		return;
	if (compat_gdt_init(cpu))
		panic("pv=32: no memory for CPU%u's compat GDT page", cpu);
	/* Ring 1 only: a 64-bit guest's kernel (ring 3) cannot reach it. */
	set_gate(0x82, SYS_DESC_irq_gate, 1, 0, (unsigned long)compat_int82_entry);
}

/* vCPU 0 of a compat guest: ring 1, flat, start_info in %esi. */
void pv_compat_init_boot_regs(struct arch_vcpu *a, unsigned long entry, unsigned long stack,
			      unsigned long start_info)
{
	a->kernel_ss = FLAT_COMPAT_RING1_DS;
	a->user_regs.rip = entry;
	a->user_regs.rsp = stack;
	a->user_regs.rsi = start_info;
	a->user_regs.rflags = 0x200;
	a->user_regs.cs = FLAT_COMPAT_RING1_CS;
	a->user_regs.ss = FLAT_COMPAT_RING1_DS;
	a->seg_sel[SEG_DS] = FLAT_COMPAT_RING1_DS;
	a->seg_sel[SEG_ES] = FLAT_COMPAT_RING1_DS;
}

/* ---- The guest's structures in their x86_32 layouts ------------------ */

/*
 * start_info, as Xen's XLAT_start_info: every field narrowed to 32 bits
 * (the builder checked the addresses are below 4 GiB).
 */
size_t pv_xlat_start_info(const struct domain *d, const struct start_info *si, void *buf)
{
	struct compat_start_info *c = buf;

	if (!is_pv_compat_domain(d)) {
		memcpy(buf, si, sizeof(*si));
		return sizeof(*si);
	}
	memset(c, 0, sizeof(*c));
	memcpy(c->magic, si->magic, sizeof(c->magic));
	c->nr_pages = si->nr_pages;
	c->shared_info = si->shared_info;
	c->flags = si->flags;
	c->store_mfn = si->store_mfn;
	c->store_evtchn = si->store_evtchn;
	if (si->flags & SIF_INITDOMAIN) {
		c->console.dom0.info_off = si->console.dom0.info_off;
		c->console.dom0.info_size = si->console.dom0.info_size;
	} else {
		c->console.domU.mfn = si->console.domU.mfn;
		c->console.domU.evtchn = si->console.domU.evtchn;
	}
	c->pt_base = si->pt_base;
	c->nr_pt_frames = si->nr_pt_frames;
	c->mfn_list = si->mfn_list;
	c->mod_start = si->mod_start;
	c->mod_len = si->mod_len;
	memcpy(c->cmd_line, si->cmd_line, sizeof(c->cmd_line));
	c->first_p2m_pfn = si->first_p2m_pfn;
	c->nr_p2m_frames = si->nr_p2m_frames;
	return sizeof(*c);
}

void pv_set_guest_cr2(struct vcpu *v, unsigned long cr2)
{
	if (v->arch->compat_l4)
		((struct compat_vcpu_info *)pv_vcpu_info(v))->arch.cr2 = cr2;
	else
		pv_vcpu_info(v)->arch.cr2 = cr2;
}

static struct compat_shared_info *compat_shared_info(struct domain *d)
{
	return (struct compat_shared_info *)d->arch->shared_info;
}

/*
 * The bitmaps' 32-bit words, as unsigned longs: bit n is the same bit
 * of the same byte either way (little-endian), and the 2-level code
 * stays below arch_evtchn_2l_ports() (1024).
 */
unsigned long *pv_compat_evtchn_pending(struct domain *d)
{
	return (unsigned long *)compat_shared_info(d)->evtchn_pending;
}

unsigned long *pv_compat_evtchn_mask(struct domain *d)
{
	return (unsigned long *)compat_shared_info(d)->evtchn_mask;
}

_Static_assert(__builtin_offsetof(struct compat_shared_info, evtchn_pending) % 8 == 0 &&
	       __builtin_offsetof(struct compat_shared_info, evtchn_mask) % 8 == 0,
	       "the compat bitmaps as unsigned longs");

/* A 32-bit selector word: a 64-bit bit op would reach cr2 beside it. */
bool pv_compat_mark_sel(struct vcpu_info *vi, unsigned int word)
{
	u32 *sel = &((struct compat_vcpu_info *)vi)->evtchn_pending_sel;

	return __atomic_fetch_or(sel, 1u << word, __ATOMIC_SEQ_CST) & (1u << word);
}

void pv_compat_set_all_sel(struct vcpu_info *vi)
{
	((struct compat_vcpu_info *)vi)->evtchn_pending_sel = ~0u;
}

void pv_compat_wallclock_fields(struct domain *d, struct pv_wallclock *w)
{
	struct compat_shared_info *sh = compat_shared_info(d);

	w->version = &sh->wc_version;
	w->sec = &sh->wc_sec;
	w->nsec = &sh->wc_nsec;
	w->sec_hi = &sh->arch.wc_sec_hi;
}

/* ---- The compat M2P --------------------------------------------------- */

/*
 * 4-byte entries in 2 MiB chunks (Xen's compat_machine_to_phys_mapping,
 * x86_64/mm.c), entry 0 at the compat hypervisor start 0xF5800000 and
 * room up to 0xFFE00000 (XENMEM_machphys_mapping's v_end, as Xen's),
 * mapped read-only through the compat template's L2 slots
 * (pv_compat_xen_l2), which every compat L2 typed pae_xen_l2 copies:
 * ring 1 and ring 3 read it alike, past its end is unmapped.  Made with
 * pv=32 only.
 */
#define COMPAT_M2P_END		0xffe00000UL
#define COMPAT_M2P_CHUNK	(1UL << L_SHIFT(2))

static u32 *compat_m2p;
static unsigned long compat_m2p_entries, compat_m2p_start;

int pv_arch_m2p_init(unsigned long entries)
{
	unsigned long bytes = ROUNDUP(entries * sizeof(u32), COMPAT_M2P_CHUNK), i;
	unsigned int order = L_SHIFT(2) - PAGE_SHIFT;

	if (!opt_pv32)
		return 0;
	while ((PAGE_SIZE << order) < bytes)
		order++;
	/* Too much memory for it, or none to make it: no compat guests, said so. */
	if (bytes > COMPAT_M2P_END - HYPERVISOR_COMPAT_VIRT_START) {
		printk(XENLOG_ERR "pv=32: a compat M2P of %lu frames does not fit below 4 GiB: "
		       "no compat guests\n", entries);
		opt_pv32 = false;
		return 0;
	}
	compat_m2p = alloc_xenheap_pages(order);
	if (!compat_m2p) {
		printk(XENLOG_ERR "pv=32: no memory for the compat M2P: no compat guests\n");
		opt_pv32 = false;
		return 0;
	}
	compat_m2p_entries = entries;
	compat_m2p_start = HYPERVISOR_COMPAT_VIRT_START;
	memset(compat_m2p, 0xff, PAGE_SIZE << order);
	for (i = 0; i < bytes; i += COMPAT_M2P_CHUNK)
		pv_compat_xen_l2[((compat_m2p_start + i) >> L_SHIFT(2)) & 511] =
			(virt_to_maddr(compat_m2p) + i) |
			_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_PSE;
	printk("pv=32: compat guests run; their M2P at %#lx-%#lx\n",
	       compat_m2p_start, compat_m2p_start + bytes);
	return 0;
}

void pv_arch_m2p_set(unsigned long mfn, unsigned long pfn)
{
	if (mfn < compat_m2p_entries)
		compat_m2p[mfn] = pfn;
}

/* XENMEM_machphys_mapping, machphys_mfn_list: the compat M2P's. */
long pv_compat_machphys_mapping(unsigned long arg)
{
	struct compat_xen_machphys_mapping m = {
		.v_start = compat_m2p_start,
		.v_end = COMPAT_M2P_END,
		.max_mfn = (COMPAT_M2P_END - HYPERVISOR_COMPAT_VIRT_START) / sizeof(u32) - 1,
	};

	return copy_to_guest_raw(arg, &m, sizeof(m));
}

long pv_compat_machphys_mfn_list(unsigned long arg)
{
	struct compat_xen_machphys_mfn_list l;
	unsigned long bytes = ROUNDUP(compat_m2p_entries * sizeof(u32), COMPAT_M2P_CHUNK);
	unsigned int i;
	u32 mfn;

	if (copy_from_guest_raw(&l, arg, sizeof(l)))
		return -EFAULT;
	for (i = 0; i < l.max_extents && (unsigned long)i * COMPAT_M2P_CHUNK < bytes; i++) {
		mfn = virt_to_mfn(compat_m2p) + ((unsigned long)i << (L_SHIFT(2) - PAGE_SHIFT));
		if (copy_to_guest_raw(l.extent_start + i * sizeof(mfn), &mfn, sizeof(mfn)))
			return -EFAULT;
	}
	l.nr_extents = i;
	return copy_to_guest_raw(arg, &l, sizeof(l));
}
