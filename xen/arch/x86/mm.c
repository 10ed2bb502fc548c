/*
 * The PV MMU layer (asm/mm.h), one for every x86 port (the levels and
 * entry sizes are asm/mm.h's): Xen validates every page-table write, so
 * the kernel never holds a writable mapping of a table; it reads tables
 * through a window of image pages whose mappings it points at other
 * machine frames for a moment.
 *
 * Locking: none; everything here runs on vCPU 0 (the self tests and
 * benchmarks).  The window slots and the frame pool are static.
 */
#include <asm/mm.h>
#include <asm/processor.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <lib/string.h>

static char window[MM_WINDOW_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static bool window_busy[MM_WINDOW_PAGES];

xen_pfn_t pfn_to_mfn(unsigned long pfn)
{
	if (pfn >= start_info->nr_pages)
		return INVALID_P2M_ENTRY;
	return ((const xen_pfn_t *)start_info->mfn_list)[pfn];
}

void set_pfn_mfn(unsigned long pfn, xen_pfn_t mfn)
{
	if (pfn < start_info->nr_pages)
		((xen_pfn_t *)start_info->mfn_list)[pfn] = mfn;
}

long mmu_update_one(uint64_t ptr, uint64_t val)
{
	struct mmu_update req = { .ptr = ptr, .val = val };

	return HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
}

long mmuext_one(unsigned int cmd, xen_pfn_t mfn)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };

	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

long mm_pin(unsigned int level, xen_pfn_t mfn)
{
	return mmuext_one(MMUEXT_PIN_L1_TABLE + level - 1, mfn);
}

long mm_unpin(xen_pfn_t mfn)
{
	return mmuext_one(MMUEXT_UNPIN_TABLE, mfn);
}

void *mm_map(xen_pfn_t mfn, bool rw)
{
	unsigned int i;

	for (i = 0; i < MM_WINDOW_PAGES; i++) {
		if (window_busy[i])
			continue;
		if (HYPERVISOR_update_va_mapping((unsigned long)window[i], mfn_pte(mfn, rw),
						 UVMF_INVLPG))
			return NULL;
		window_busy[i] = true;
		return window[i];
	}
	return NULL;
}

void mm_unmap(void *va)
{
	unsigned int i = ((char *)va - window[0]) / PAGE_SIZE;

	if (i >= MM_WINDOW_PAGES || !window_busy[i])
		panic("mm_unmap(%p): not a window page", va);
	if (HYPERVISOR_update_va_mapping((unsigned long)window[i],
					 mfn_pte(virt_to_mfn(window[i]), true), UVMF_INVLPG))
		panic("mm_unmap(%p): cannot restore the page", va);
	window_busy[i] = false;
}

uint64_t read_maddr(uint64_t maddr)
{
	const char *p = mm_map(maddr >> PAGE_SHIFT, false);
	unsigned long off = (maddr & (PAGE_SIZE - 1)) & ~(PTE_BYTES - 1UL);
	uint64_t val;

	if (!p)
		return 0;
	if (PTE_BYTES == 8)
		val = *(const uint64_t *)(p + off);
	else
		val = *(const uint32_t *)(p + off);
	mm_unmap((void *)p);
	return val;
}

uint64_t pte_maddr(xen_pfn_t root_mfn, unsigned long va, unsigned int level)
{
	xen_pfn_t mfn = root_mfn ? root_mfn : current_root_mfn();
	unsigned int l;
	uint64_t e;

	for (l = PT_LEVELS; l > level; l--) {
		e = read_maddr(((uint64_t)mfn << PAGE_SHIFT) + pt_index(va, l) * PTE_BYTES);
		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
			return 0;
		mfn = pte_mfn(e);
	}
	return ((uint64_t)mfn << PAGE_SHIFT) + pt_index(va, level) * PTE_BYTES;
}

uint64_t read_pte(unsigned long va)
{
	uint64_t maddr = pte_maddr(0, va, 1);

	return maddr ? read_maddr(maddr) : 0;
}

/*
 * The pool: frames from a little above the end of the initial mapping
 * (the builder rounds it up to 4 MiB and may add 4 MiB more) to the end
 * of our allocation, handed out upwards; freed frames are reused first.
 */
#define POOL_FREED_MAX	64
static unsigned long pool_next, pool_freed[POOL_FREED_MAX];
static unsigned int pool_nr_freed;

unsigned long mm_alloc_pfn(void)
{
	if (pool_nr_freed)
		return pool_freed[--pool_nr_freed];
	if (!pool_next) {
		unsigned long end = start_info->pt_base +
			(start_info->nr_pt_frames + 1) * PAGE_SIZE;

		end = ((end + (4UL << 20) - 1) & ~((4UL << 20) - 1)) + (4UL << 20);
		pool_next = virt_to_pfn((void *)end);
	}
	while (pool_next < start_info->nr_pages) {
		unsigned long pfn = pool_next++;

		if (pfn_to_mfn(pfn) != INVALID_P2M_ENTRY)
			return pfn;
	}
	return 0;
}

void mm_free_pfn(unsigned long pfn)
{
	if (pool_nr_freed < POOL_FREED_MAX)
		pool_freed[pool_nr_freed++] = pfn;
}

xen_pfn_t mm_alloc_table(void)
{
	unsigned long pfn = mm_alloc_pfn();
	void *p;

	if (!pfn)
		return 0;
	p = mm_map(pfn_to_mfn(pfn), true);
	if (!p) {
		mm_free_pfn(pfn);
		return 0;
	}
	memset(p, 0, PAGE_SIZE);
	mm_unmap(p);
	return pfn_to_mfn(pfn);
}

void mm_free_table(xen_pfn_t mfn)
{
	mm_free_pfn(mfn_to_pfn(mfn));
}

/* A fresh frame holding a copy of table mfn; 0 if none. */
static xen_pfn_t copy_table(xen_pfn_t mfn)
{
	xen_pfn_t copy = mm_alloc_table();
	const void *src;
	void *dst;

	if (!copy)
		return 0;
	src = mm_map(mfn, false);
	dst = mm_map(copy, true);
	if (src && dst)
		memcpy(dst, src, PAGE_SIZE);
	if (src)
		mm_unmap((void *)src);
	if (dst)
		mm_unmap(dst);
	if (!src || !dst) {
		mm_free_table(copy);
		return 0;
	}
	return copy;
}

/*
 * PAE: the L2 that L3 slot 3 links holds the hypervisor's slots and may
 * be linked from one L3 only; a new space links a copy of it.
 */
#define PAE_XEN_SLOT	3

static bool own_xen_l2(xen_pfn_t root)
{
	uint64_t *p;
	xen_pfn_t l2;

	if (!IS_ENABLED(CONFIG_X86_PAE))
		return true;
	l2 = copy_table(pte_mfn(read_maddr(((uint64_t)root << PAGE_SHIFT) +
					   PAE_XEN_SLOT * PTE_BYTES)));
	if (!l2)
		return false;
	p = mm_map(root, true);
	if (!p) {
		mm_free_table(l2);
		return false;
	}
	p[PAE_XEN_SLOT] = root_pte(l2);
	mm_unmap(p);
	return true;
}

static void free_xen_l2(xen_pfn_t root)
{
	if (IS_ENABLED(CONFIG_X86_PAE))
		mm_free_table(pte_mfn(read_maddr(((uint64_t)root << PAGE_SHIFT) +
						 PAE_XEN_SLOT * PTE_BYTES)));
}

xen_pfn_t mm_create_space(void)
{
	xen_pfn_t root = copy_table(current_root_mfn());

	if (!root)
		return 0;
	if (!own_xen_l2(root)) {
		mm_free_table(root);
		return 0;
	}
	if (mm_pin(PT_LEVELS, root)) {
		free_xen_l2(root);
		mm_free_table(root);
		return 0;
	}
	return root;
}

void mm_destroy_space(xen_pfn_t root)
{
	if (mm_unpin(root))
		panic("unpin of a private root table %#lx", (unsigned long)root);
	free_xen_l2(root);
	mm_free_table(root);
}
