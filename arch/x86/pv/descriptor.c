/*
 * A PV guest's descriptor tables: set_gdt, update_descriptor and the
 * LDT of MMUEXT_SET_LDT.
 *
 * Each CPU has a GDT window of 16 pages in the hypervisor's per-domain
 * slot: pages 0-13 map the running vCPU's GDT frames (or a zero page),
 * page 14 the CPU's reserved page with the hypervisor's own descriptors
 * (<asm/desc.h>).  The guest's frames are mapped writable only there, in
 * supervisor-only mappings, so the CPU can set accessed bits; the guest
 * itself may map them read-only, and every descriptor in them is checked
 * (checked descriptors cannot reach the hypervisor's code or be system
 * descriptors) when loaded and when changed through update_descriptor.
 *
 * The LDT, as Xen's: SET_LDT records a guest linear base and an entry
 * count, and each CPU has an LDT window of 16 pages (the most an LDT may
 * span) that its LDT descriptor (LDT_ENTRY of the reserved page) covers.
 * The guest's pages are mapped there on demand: the CPU's first read of
 * an LDT descriptor faults in the window (pv_ldt_fault()), and the page
 * the guest's kernel tables map at that place of its LDT is taken as a
 * PGT_seg_desc_page, every descriptor in it checked as a GDT frame's, so
 * it cannot be mapped writable while in use.  A page that cannot be had
 * (not mapped, mapped writable, an unsafe descriptor) is the guest's #PF
 * at the linear address of its LDT, as Xen bounces it.  The pages a vCPU
 * has mapped are its own (ldt_frames[]): they go into the window of the
 * CPU it runs on at every switch, and are given back when its LDT
 * changes, its context is set again or its domain dies.  The hypervisor
 * itself only reloads selectors the guest loaded before: those pages are
 * mapped before the selectors are (pv_ldt_prefault()), so no fault in
 * the hypervisor needs mm_lock() with interrupts off.
 *
 * Locking: the windows are written by their CPU only; a vCPU's frame
 * lists by the vCPU itself, or by whoever set its context while it was
 * down; references under mm_lock().
 */
#include "public.h"
#include <asm/desc.h>
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/system.h>
#include <xen/domain_page.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/smp.h>
#include <lib/string.h>
#include <xen/paging.h>
#include "pv.h"
#include "pv_mm.h"

#define GDT_WINDOW_PAGES	16
#define GUEST_GDT_PAGES		FIRST_RESERVED_GDT_PAGE
#define GUEST_GDT_ENTRIES	FIRST_RESERVED_GDT_ENTRY
#define LDT_WINDOW_PAGES	16	/* 8192 entries, the most SET_LDT takes */

static unsigned long zero_gdt_mfn;
static int ldt_windows_init(unsigned long zero_mfn);
/* The reserved page each CPU's window maps now (0: none yet). */
static unsigned long window_reserved_mfn[NR_CPUS];

static unsigned long gdt_window(unsigned int cpu)
{
	return PV_GDT_WINDOW_START + (unsigned long)cpu * GDT_WINDOW_PAGES * PAGE_SIZE;
}

static int map_window_page(unsigned int cpu, unsigned int page, unsigned long mfn)
{
	return map_pages_to_xen(gdt_window(cpu) + page * PAGE_SIZE, mfn, 1, PAGE_HYPERVISOR);
}

/* Before domain 0's page tables copy the hypervisor's slots. */
int pv_gdt_init(void)
{
	void *zero = alloc_xenheap_pages(0);

	if (!zero)
		return -ENOMEM;
	memset(zero, 0, PAGE_SIZE);
	zero_gdt_mfn = virt_to_mfn(zero);
	/* Makes the window's page tables, which every guest L4 then shares. */
	return map_window_page(0, 0, zero_gdt_mfn) ?: ldt_windows_init(zero_gdt_mfn);
}

/* Load the vCPU's GDT frames into this CPU's window and point GDTR at it. */
void pv_load_gdt(struct vcpu *v)
{
	unsigned int cpu = smp_processor_id(), i;
	unsigned long reserved;
	struct desc_ptr gdtr = {
		.limit = FIRST_RESERVED_GDT_BYTE + PAGE_SIZE - 1,
		.base = gdt_window(cpu),
	};

	for (i = 0; i < GUEST_GDT_PAGES; i++) {
		unsigned long mfn = i < v->arch->gdt_nr_frames ? v->arch->gdt_frames[i] :
				    zero_gdt_mfn;

		if (map_window_page(cpu, i, mfn))
			panic("pv: cannot map CPU%u's GDT window", cpu);
	}
	reserved = virt_to_mfn(pv_reserved_gdt(v, cpu));
	if (window_reserved_mfn[cpu] != reserved) {
		if (map_window_page(cpu, GUEST_GDT_PAGES, reserved))
			panic("pv: cannot map CPU%u's GDT window", cpu);
		window_reserved_mfn[cpu] = reserved;
	}
	lgdt(&gdtr);
}

/*
 * GDT frames hold a PGT_seg_desc_page type reference each: the guest's
 * own frames, never a page table, never mapped writable while in use.
 */
void pv_release_gdt(struct vcpu *v)
{
	unsigned int i;

	mm_lock();
	for (i = 0; i < v->arch->gdt_nr_frames; i++)
		put_page_and_type(mfn_to_page(v->arch->gdt_frames[i]));
	v->arch->gdt_nr_frames = 0;	/* with the references, for the audit */
	mm_unlock();
}

/*
 * Every descriptor of the frame is one the guest may have: true or
 * false.  fix: write the adjusted ones (raised DPLs, cut limits) back.
 */
static bool desc_page_ok(const struct domain *dom, unsigned long mfn, bool fix)
{
	u64 *desc = map_domain_page(mfn);
	unsigned int j;
	bool ok = true;

	for (j = 0; j < 512 && ok; j++) {
		u64 d = READ_ONCE(desc[j]);

		ok = pv_check_descriptor(dom, &d);
		if (ok && fix && d != desc[j])
			WRITE_ONCE(desc[j], d);
	}
	unmap_domain_page(desc);
	return ok;
}

long pv_set_gdt(struct vcpu *v, const unsigned long *frames, unsigned long entries)
{
	unsigned int nr = (entries + 511) / 512, i;
	long rc = 0;

	if (entries > GUEST_GDT_ENTRIES)
		return -EINVAL;
	/* Take every frame and check it first: a refused table leaves no trace. */
	mm_lock();
	for (i = 0; i < nr; i++) {
		if (!mfn_valid(frames[i]) ||
		    get_page_and_type(mfn_to_page(frames[i]), v->domain, PGT_seg_desc_page)) {
			rc = -EINVAL;
			break;
		}
		if (!desc_page_ok(v->domain, frames[i], false)) {
			put_page_and_type(mfn_to_page(frames[i]));
			rc = -EINVAL;
			break;
		}
	}
	if (rc) {
		while (i--)
			put_page_and_type(mfn_to_page(frames[i]));
		mm_unlock();
		return rc;
	}
	for (i = 0; i < v->arch->gdt_nr_frames; i++)
		put_page_and_type(mfn_to_page(v->arch->gdt_frames[i]));
	for (i = 0; i < nr; i++) {
		desc_page_ok(v->domain, frames[i], true);
		v->arch->gdt_frames[i] = frames[i];
	}
	v->arch->gdt_nr_frames = nr;
	mm_unlock();
	if (v == current)
		pv_load_gdt(v);
	return 0;
}

long do_set_gdt(unsigned long frame_list, unsigned long entries, unsigned long a3,
		unsigned long a4, unsigned long a5, unsigned long a6)
{
	unsigned long frames[GUEST_GDT_PAGES];
	unsigned int nr = (entries + 511) / 512;

	if (entries > GUEST_GDT_ENTRIES)
		return -EINVAL;
	if (nr && copy_from_guest(frames, frame_list, nr))
		return -EFAULT;
	return pv_set_gdt(current, frames, entries);
}

/*
 * The machine address and the descriptor: one argument each on x86_64,
 * two 32-bit halves each on x86_32 (low, high), as Xen's.
 */
long do_update_descriptor(unsigned long a1, unsigned long a2, unsigned long a3,
			  unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct domain *d = current->domain;
	bool wide = IS_ENABLED(CONFIG_64BIT);
	u64 maddr = wide ? a1 : a1 | (u64)a2 << 32;
	u64 val = wide ? a2 : a3 | (u64)a4 << 32;
	unsigned long mfn = maddr >> PAGE_SHIFT;
	struct page_info *pg;
	unsigned long type;
	u64 *p;

	if ((maddr & 7) || !mfn_valid(mfn) || !pv_check_descriptor(d, &val))
		return -EINVAL;
	/* A descriptor page in use stays one; any other frame must be writable. */
	pg = mfn_to_page(mfn);
	mm_lock();
	type = (pg->u.inuse.type_info & PGT_type_mask) == PGT_seg_desc_page ?
	       PGT_seg_desc_page : PGT_writable_page;
	if (get_page_and_type(pg, d, type)) {
		mm_unlock();
		return -EINVAL;
	}
	p = map_domain_page(mfn);
	WRITE_ONCE(p[(maddr & (PAGE_SIZE - 1)) / 8], val);
	unmap_domain_page(p);
	put_page_and_type(pg);
	mm_unlock();
	return 0;
}

/* ---- The LDT ------------------------------------------------------------ */

/* Each CPU's window PTEs, and the frames they map now (0: none). */
static intpte_t *ldt_ptes[NR_CPUS];
static unsigned long ldt_shown[NR_CPUS][LDT_WINDOW_PAGES];

static unsigned long ldt_window(unsigned int cpu)
{
	return PV_LDT_WINDOW_START + (unsigned long)cpu * LDT_WINDOW_PAGES * PAGE_SIZE;
}

/*
 * The windows' page tables, made before any guest copies the
 * hypervisor's slots (x86_32 copies its L2 slots at validation): a page
 * is mapped to make them, then taken away again.
 */
static int ldt_windows_init(unsigned long zero_mfn)
{
	unsigned int cpu;

	BUILD_BUG_ON(NR_CPUS * LDT_WINDOW_PAGES * PAGE_SIZE > PV_LDT_WINDOW_SIZE);
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		unsigned long va = ldt_window(cpu);
		unsigned int i;

		if (map_pages_to_xen(va, zero_mfn, 1, PAGE_HYPERVISOR))
			return -ENOMEM;
		ldt_ptes[cpu] = pagetable_walk(va, 1);
		if (!ldt_ptes[cpu])
			return -ENOMEM;
		for (i = 0; i < LDT_WINDOW_PAGES; i++)
			write_pte(&ldt_ptes[cpu][i], 0);
		flush_tlb_one_local((const void *)va);
	}
	return 0;
}

/* Window page i of this CPU shows frame mfn (0: nothing). */
static void ldt_show(unsigned int cpu, unsigned int i, unsigned long mfn)
{
	if (ldt_shown[cpu][i] == mfn)
		return;
	write_pte(&ldt_ptes[cpu][i], mfn ? ((intpte_t)mfn << PAGE_SHIFT) | PAGE_HYPERVISOR : 0);
	flush_tlb_one_local((const void *)(ldt_window(cpu) + i * PAGE_SIZE));
	ldt_shown[cpu][i] = mfn;
}

/*
 * Load v's LDT on this CPU: its mapped frames into the window (the rest
 * not present, to be faulted in), the descriptor, and LDTR; or a null
 * LDTR if it has none.
 */
void pv_load_ldt(struct vcpu *v)
{
	unsigned int cpu = smp_processor_id(), i;
	struct arch_vcpu *a = v->arch;

	for (i = 0; i < LDT_WINDOW_PAGES; i++)
		ldt_show(cpu, i, a->ldt_ents ? a->ldt_frames[i] : 0);
	if (!a->ldt_ents) {
		lldt(0);
		return;
	}
	/* In the reserved page v's GDT window shows (a compat vCPU's own). */
	pv_ldt_descriptor(&pv_reserved_gdt(v, cpu)[LDT_ENTRY - FIRST_RESERVED_GDT_ENTRY],
			  ldt_window(cpu), a->ldt_ents * 8 - 1);
	lldt(LDT_ENTRY << 3);
}

/* A guest vCPU leaves this CPU: nothing of its LDT stays shown. */
void pv_unload_ldt(void)
{
	unsigned int cpu = smp_processor_id(), i;

	for (i = 0; i < LDT_WINDOW_PAGES; i++)
		ldt_show(cpu, i, 0);
	lldt(0);
}

/* Drop the references v's LDT pages hold (v is current or not running). */
static void ldt_release(struct vcpu *v)
{
	unsigned int i;

	mm_lock();
	for (i = 0; i < LDT_WINDOW_PAGES; i++) {
		if (v->arch->ldt_frames[i])
			put_page_and_type(mfn_to_page(v->arch->ldt_frames[i]));
		v->arch->ldt_frames[i] = 0;
	}
	mm_unlock();
}

/*
 * MMUEXT_SET_LDT and a vCPU context's LDT (arguments checked by the
 * caller): the old LDT's pages are given back, the new one is mapped as
 * it is used.  ents 0: no LDT.
 */
void pv_set_ldt(struct vcpu *v, unsigned long base, unsigned int ents)
{
	if (!ents)
		base = 0;
	if (v->arch->ldt_base == base && v->arch->ldt_ents == ents)
		return;
	ldt_release(v);
	v->arch->ldt_base = base;
	v->arch->ldt_ents = ents;
	if (v == current)
		pv_load_ldt(v);
}

/* The domain dies: its pages go back (the audit counts none left). */
void pv_release_ldt(struct vcpu *v)
{
	ldt_release(v);
	v->arch->ldt_base = 0;
	v->arch->ldt_ents = 0;
}

/*
 * Map page i of v's LDT (v current, interrupts on): the frame its kernel
 * tables map there, as a descriptor page whose every descriptor is safe.
 * True if it is mapped now.
 */
static bool ldt_map_page(struct vcpu *v, unsigned int i)
{
	struct arch_vcpu *a = v->arch;
	unsigned long va = a->ldt_base + i * PAGE_SIZE, l1, mfn;
	struct page_info *pg;
	intpte_t *p, e;
	bool ok = false;

	if (i >= LDT_WINDOW_PAGES || i * PAGE_SIZE >= a->ldt_ents * 8UL)
		return false;
	mm_lock();
	if (a->ldt_frames[i]) {
		ok = true;
		goto out;
	}
	if (pv_map_l1_slot(v, va, &l1))
		goto out;
	p = (intpte_t *)map_domain_page(l1) + ((va >> PAGE_SHIFT) & (PAGETABLE_ENTRIES - 1));
	e = READ_ONCE(*p);
	unmap_domain_page(p);
	mfn = (unsigned long)((e & PTE_ADDR_MASK) >> PAGE_SHIFT);
	if (!(e & _PAGE_PRESENT) || !mfn_valid(mfn))
		goto out;
	pg = mfn_to_page(mfn);
	if (get_page_and_type(pg, v->domain, PGT_seg_desc_page))
		goto out;
	if (!desc_page_ok(v->domain, mfn, false)) {
		put_page_and_type(pg);
		goto out;
	}
	desc_page_ok(v->domain, mfn, true);
	a->ldt_frames[i] = mfn;
	ok = true;
out:
	mm_unlock();
	if (ok)
		ldt_show(smp_processor_id(), i, a->ldt_frames[i]);
	return ok;
}

/*
 * Before the hypervisor loads these selectors of v's on this CPU
 * (interrupts off, on the way back to it): map the LDT pages they name.
 * Returns true if it turned interrupts on and mapped one (the caller
 * checks its work again); a page that cannot be had is left to fault
 * when loaded (the load's fixup: null, or x86_32's failsafe callback).
 */
bool pv_ldt_prefault(struct vcpu *v, const u16 *sel, unsigned int n)
{
	struct arch_vcpu *a = v->arch;
	bool mapped = false;
	unsigned int k;

	for (k = 0; k < n; k++) {
		unsigned int idx = sel[k] >> 3, i = idx * 8 / PAGE_SIZE;

		if (!(sel[k] & 4) || idx >= a->ldt_ents || a->ldt_frames[i])
			continue;
		local_irq_enable();
		mapped |= ldt_map_page(v, i);
		local_irq_disable();
	}
	return mapped;
}

/*
 * A #PF at addr, error code ec, in the guest (CPL > 0): if it is the
 * CPU reading current's LDT in this CPU's window, map the page, or give
 * the guest its #PF at the LDT's own linear address (Xen's
 * handle_ldt_mapping_fault()).  True if handled.
 */
bool pv_ldt_fault(struct trap_frame *regs, unsigned long addr, u32 ec)
{
	struct vcpu *v = current;
	unsigned long off = addr - ldt_window(smp_processor_id());
	bool ok;

	if (off >= LDT_WINDOW_PAGES * PAGE_SIZE || (ec & (PFEC_user | PFEC_reserved)))
		return false;
	local_irq_enable();
	ok = ldt_map_page(v, off >> PAGE_SHIFT);
	local_irq_disable();
	if (ok)
		return true;
	if (!is_canonical(v->arch->ldt_base + off)) {
		/* The access would have left the canonical range: #GP(selector). */
		pv_inject_trap(regs, TRAP_gp_fault, true, (off & ~7UL) | 4);
		return true;
	}
	v->arch->cr2 = v->arch->ldt_base + off;
	pv_inject_trap(regs, TRAP_page_fault, true, ec);
	return true;
}
