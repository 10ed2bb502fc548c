/*
 * A PV guest's descriptor tables: set_gdt and update_descriptor.
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
 * Locking: the window is written by its CPU only; a vCPU's frame list by
 * the vCPU itself.
 */
#include "public.h"
#include <asm/desc.h>
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <xen/domain_page.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/smp.h>
#include <lib/string.h>
#include <xen/paging.h>
#include "pv.h"

#define GDT_WINDOW_PAGES	16
#define GUEST_GDT_PAGES		FIRST_RESERVED_GDT_PAGE
#define GUEST_GDT_ENTRIES	FIRST_RESERVED_GDT_ENTRY


static unsigned long zero_gdt_mfn;
static bool window_ready[NR_CPUS];

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
	return map_window_page(0, 0, zero_gdt_mfn);
}

/* Load the vCPU's GDT frames into this CPU's window and point GDTR at it. */
void pv_load_gdt(struct vcpu *v)
{
	unsigned int cpu = smp_processor_id(), i;
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
	if (!window_ready[cpu]) {
		if (map_window_page(cpu, GUEST_GDT_PAGES, virt_to_mfn(gdt_reserved[cpu])))
			panic("pv: cannot map CPU%u's GDT window", cpu);
		window_ready[cpu] = true;
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

long pv_set_gdt(struct vcpu *v, const unsigned long *frames, unsigned long entries)
{
	unsigned int nr = (entries + 511) / 512, i, j;
	long rc = 0;

	if (entries > GUEST_GDT_ENTRIES)
		return -EINVAL;
	/* Take every frame and check it first: a refused table leaves no trace. */
	mm_lock();
	for (i = 0; i < nr; i++) {
		u64 *desc;

		if (!mfn_valid(frames[i]) ||
		    get_page_and_type(mfn_to_page(frames[i]), v->domain, PGT_seg_desc_page)) {
			rc = -EINVAL;
			break;
		}
		desc = map_domain_page(frames[i]);
		for (j = 0; j < 512 && !rc; j++) {
			u64 d = desc[j];

			if (!pv_check_descriptor(&d))
				rc = -EINVAL;
		}
		unmap_domain_page(desc);
		if (rc) {
			put_page_and_type(mfn_to_page(frames[i]));
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
		u64 *desc = map_domain_page(frames[i]);

		for (j = 0; j < 512; j++)
			pv_check_descriptor(&desc[j]);
		unmap_domain_page(desc);
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

	if ((maddr & 7) || !mfn_valid(mfn) || !pv_check_descriptor(&val))
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
