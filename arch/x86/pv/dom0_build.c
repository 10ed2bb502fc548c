/*
 * The PV domain builder (x86_64), for domain 0 and the boot-time domains
 * (boot_domains.c): read a boot module, an ELF64 kernel with Xen notes,
 * plain, gzipped or in a bzImage; give the domain its memory (dom0_mem= for
 * domain 0); lay out its initial virtual region as the PV boot protocol
 * says (pv-abi B.2): kernel, initrd, p2m list, start_info, the bootstrap
 * page tables (mapped read-only), a boot stack; write the hypercall page
 * and start_info; and set up vCPU 0 to enter the kernel.  An unprivileged
 * domain also gets its console ring, the last page of its memory, served
 * by the hypervisor (common/guest_console.c).
 *
 * Decode, then act: the image is parsed and checked (common/libelf)
 * before any memory is given, and a refused image leaves no domain and a
 * message that names what is wrong.
 *
 * Locking: runs on the boot CPU, before any guest runs.
 */
#include "public.h"
#include <lib/div64.h>
#include <asm/bzimage.h>
#include <asm/mm.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/pv_paging.h>
#include <asm/time.h>
#include <xen/boot.h>
#include <xen/console.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/lib.h>
#include <xen/dom0_mem.h>
#include <xen/domain_page.h>
#include <xen/libelf.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/xmalloc.h>
#include <lib/string.h>
#include "dom0_layout.h"
#include <xen/guest_console.h>
#include <xen/hypercall.h>
#include "pv.h"
#include "pv_mm.h"

/*
 * What PV kernels run with, and each level's forced flags besides
 * (pv_forced_flags(): 64-bit, every level user-accessible).
 */
#define GUEST_TABLE		(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)
#define GUEST_PAGE		(GUEST_TABLE | _PAGE_DIRTY)

#define DOM0_MIN_PAGES		((4UL << 20) >> PAGE_SHIFT)

/* dom0_mem=[min:X,][max:Y,]Z as Xen's (arch/x86/dom0_mem.c). */
static struct dom0_mem __initdata dom0_mem;

static int __init parse_dom0_mem(const char *s)
{
	return dom0_mem_parse(s, &dom0_mem);
}
custom_param("dom0_mem", parse_dom0_mem);

/* The builder's state: the domain's pages and where things go. */
struct build_layout {
	const char *who;		/* "dom0" or the domain's name */
	const char *guest_type;		/* the kernel's, one of arch_xen_caps() */
	struct domain *d;
	unsigned long nr_pages;
	unsigned long max_pages;	/* the maximum reservation */
	unsigned long *p2m;
	struct pv_layout pl;
	u64 v_start, v_end;
	u64 vstartinfo_start;
	u64 vpt_start;
	unsigned long nr_pt_pages;
	u64 vstack_end;
	u64 virt_offset;
	u64 initrd_len;
};

/* A 32-bit kernel (x86_32, or x86_64's compat): 4-byte longs and pointers. */
static bool guest_is_32bit(const struct build_layout *l)
{
	return strcmp(l->guest_type, "xen-3.0-x86_64") != 0;
}

/* The domain's frame pfn, mapped until unmap_domain_page(). */
static void *pfn_map(const struct build_layout *l, unsigned long pfn)
{
	return map_domain_page(l->p2m[pfn]);
}

/* Copy into the guest's pseudo-physical memory at virtual address va. */
static void guest_write(const struct build_layout *l, u64 va, const void *src, u64 len)
{
	while (len) {
		unsigned long pfn = (va - l->v_start) >> PAGE_SHIFT;
		unsigned long off = va & (PAGE_SIZE - 1);
		unsigned long n = min((u64)(PAGE_SIZE - off), len);

		char *p = pfn_map(l, pfn);

		if (src) {
			memcpy(p + off, src, n);
			src = (const char *)src + n;
		} else {
			memset(p + off, 0, n);
		}
		unmap_domain_page(p);
		va += n;
		len -= n;
	}
}

/* Zero the domain's frame pfn. */
static void pfn_clear(const struct build_layout *l, unsigned long pfn)
{
	void *p = pfn_map(l, pfn);

	memset(p, 0, PAGE_SIZE);
	unmap_domain_page(p);
}

/* Copy into the domain's pages from pfn on (frames not in the region). */
static void pfn_write(const struct build_layout *l, unsigned long pfn, const void *src,
		      u64 len)
{
	for (; len; pfn++) {
		unsigned long n = min((u64)PAGE_SIZE, len);
		void *p = pfn_map(l, pfn);

		memcpy(p, src, n);
		unmap_domain_page(p);
		src = (const char *)src + n;
		len -= n;
	}
}

static int load_copy(void *ctx, u64 paddr, const void *src, u64 len)
{
	const struct build_layout *l = ctx;

	guest_write(l, paddr + l->virt_offset, src, len);
	return 0;
}

static int load_zero(void *ctx, u64 paddr, u64 len)
{
	return load_copy(ctx, paddr, NULL, len);
}

static int compute_layout(struct build_layout *l, const struct elf_image *img,
			  const struct elf_xen_layout *el, u64 initrd_len)
{
	struct pv_layout_in in = {
		.virt_base = el->virt_base, .virt_kend = el->virt_kend,
		.nr_pages = l->nr_pages, .initrd_len = initrd_len,
		.p2m_base = img->xen.init_p2m, .init_p2m = img->xen.init_p2m_set,
		.unmapped_initrd = img->xen.mod_start_pfn,
		.p2m_entry_size = guest_is_32bit(l) ? 4 : 8,
	};
	int rc = pv_dom0_layout(&in, &l->pl);

	if (l->pl.p2m_note_ignored)
		printk(XENLOG_WARNING "%s: INIT_P2M %#llx unusable: the p2m goes in "
		       "the initial region\n", l->who, (unsigned long long)in.p2m_base);
	if (rc == -ENOMEM) {
		printk(XENLOG_ERR "%s: the initial region (%#llx bytes) and the "
		       "frames after it do not fit in %lu pages: give it more memory\n",
		       l->who, (unsigned long long)(l->pl.v_end - l->pl.v_start), l->nr_pages);
		return rc;
	}
	if (rc) {
		printk(XENLOG_ERR "%s: the initial region would wrap\n", l->who);
		return rc;
	}
	/* A 32-bit guest's region ends below the hypervisor's 32-bit range. */
	if (guest_is_32bit(l) && l->pl.v_end > HYPERVISOR_COMPAT_VIRT_START) {
		printk(XENLOG_ERR "%s: the initial region ends at %#llx, above the "
		       "hypervisor's start %#lx: give it less memory\n", l->who,
		       (unsigned long long)l->pl.v_end, (unsigned long)HYPERVISOR_COMPAT_VIRT_START);
		return -ENOMEM;
	}
	l->v_start = l->pl.v_start;
	l->v_end = l->pl.v_end;
	l->vstartinfo_start = l->pl.vstartinfo_start;
	l->vpt_start = l->pl.vpt_start;
	l->nr_pt_pages = l->pl.nr_pt_frames;
	l->vstack_end = l->pl.vstack_end;
	l->virt_offset = el->virt_offset;
	return 0;
}

/*
 * The next page-table frame, linked at *entry (none for the root), mapped;
 * the old mapping *old (if any) goes.  pv_dom0_mm_init() types them all.
 * A PAE L3 entry takes the present bit only.
 */
static intpte_t *pt_next(struct build_layout *l, unsigned long *next_pfn,
			 intpte_t *entry, unsigned int entry_level, intpte_t *old)
{
	unsigned long pfn = (*next_pfn)++;
	intpte_t flags = entry_level == 3 && pv_root_level(l->d) == 3 ? _PAGE_PRESENT :
			 GUEST_TABLE | pv_forced_flags(l->d, entry_level);

	pfn_clear(l, pfn);	/* domain 0's frames come unscrubbed */
	if (entry)
		write_pte(entry, ((intpte_t)l->p2m[pfn] << PAGE_SHIFT) | flags);
	if (old)
		unmap_domain_page(old);
	return pfn_map(l, pfn);
}

/*
 * Map [va, va + nr pages) to the domain's frames from pfn on, read-only
 * from ro_first for ro_nr frames, making tables from *next as needed
 * under the root (mapped at tab[PV_ROOT_LEVEL]); tab[] keeps the tables
 * of the current va mapped from one call to the next.
 */
static void map_range(struct build_layout *l, intpte_t **tab, unsigned long *next,
		      u64 va, unsigned long pfn, unsigned long nr,
		      unsigned long ro_first, unsigned long ro_nr)
{
	const struct domain *d = l->d;
	unsigned int lvl;

	for (; nr; nr--, pfn++, va += PAGE_SIZE) {
		intpte_t pte = ((intpte_t)l->p2m[pfn] << PAGE_SHIFT) | GUEST_PAGE |
			       pv_forced_flags(d, 1);

		for (lvl = pv_root_level(d); lvl > 1; lvl--) {
			intpte_t *e = &tab[lvl][pv_va_slot(d, va, lvl)];

			if (tab[lvl - 1] && (va & ((1ULL << L_SHIFT(lvl)) - 1)))
				continue;
			if (*e & _PAGE_PRESENT) {	/* the p2m's may share one */
				if (tab[lvl - 1])
					unmap_domain_page(tab[lvl - 1]);
				tab[lvl - 1] = map_domain_page((*e & PTE_ADDR_MASK) >> PAGE_SHIFT);
				continue;
			}
			tab[lvl - 1] = pt_next(l, next, e, lvl, tab[lvl - 1]);
		}
		if (pfn >= ro_first && pfn - ro_first < ro_nr)
			pte &= ~(intpte_t)_PAGE_RW;
		tab[1][pv_va_slot(d, va, 1)] = pte;
	}
}

/* The tables below the root (at tab[root]). */
static void unmap_tables(intpte_t **tab, unsigned int root)
{
	unsigned int lvl;

	for (lvl = 1; lvl < root; lvl++)
		if (tab[lvl])
			unmap_domain_page(tab[lvl]);
	memset(tab, 0, root * sizeof(*tab));
}

/*
 * The initial page tables, from the domain's own frames at vpt_start:
 * the initial region (its page tables read-only) and, with INIT_P2M, the
 * p2m list's frames at their own address, with their own tables (the
 * first of first_p2m_pfn's frames; pv-abi B.2 item 6).  A PAE L3 always
 * links an L2 at slot 3: the hypervisor's slots are there.
 */
static unsigned long build_page_tables(struct build_layout *l)
{
	unsigned long pt_pfn = (l->vpt_start - l->v_start) >> PAGE_SHIFT;
	unsigned long next = pt_pfn, root_mfn = l->p2m[pt_pfn];
	unsigned int root = pv_root_level(l->d);
	intpte_t *tab[5] = { NULL };

	tab[root] = pt_next(l, &next, NULL, 0, NULL);
	map_range(l, tab, &next, l->v_start, 0, (l->v_end - l->v_start) >> PAGE_SHIFT,
		  pt_pfn, l->nr_pt_pages);
	if (root == 3 && !(tab[3][3] & _PAGE_PRESENT))
		unmap_domain_page(pt_next(l, &next, &tab[3][3], 3, NULL));
	if (next - pt_pfn > l->nr_pt_pages)
		panic("%s: page-table estimate %lu, used %lu", l->who, l->nr_pt_pages,
		      next - pt_pfn);
	unmap_tables(tab, root);
	if (l->pl.p2m_outside) {
		unsigned long p2m_next = l->pl.first_p2m_pfn;
		unsigned long data = p2m_next + l->pl.nr_p2m_pt_frames;

		map_range(l, tab, &p2m_next, l->pl.vphysmap_start, data,
			  l->pl.first_p2m_pfn + l->pl.nr_p2m_frames - data, 0, 0);
		unmap_tables(tab, root);
		if (p2m_next != data)
			panic("%s: p2m page-table estimate %lu, used %lu",
			      l->who, l->pl.nr_p2m_pt_frames, p2m_next - l->pl.first_p2m_pfn);
	}
	unmap_domain_page(tab[root]);
	return root_mfn;
}

/* Bytes at off of the p2m list, within one of its pages (src NULL: zeros). */
static void p2m_write_at(const struct build_layout *l, u64 off, const void *src, u64 len)
{
	unsigned long pfn;
	char *p;

	if (!l->pl.p2m_outside) {
		guest_write(l, l->pl.vphysmap_start + off, src, len);
		return;
	}
	pfn = l->pl.first_p2m_pfn + l->pl.nr_p2m_pt_frames + (off >> PAGE_SHIFT);
	p = pfn_map(l, pfn);
	if (src)
		memcpy(p + (off & (PAGE_SIZE - 1)), src, len);
	else
		memset(p + (off & (PAGE_SIZE - 1)), 0, len);
	unmap_domain_page(p);
}

/*
 * The p2m list as the guest reads it: its longs, 4 bytes for a 32-bit
 * guest (a compat one's frames are below 2^32 pages: the heap's, and
 * max_page's frame table on x86_64 ends far below); then zeros to the
 * end of its last frame (domain 0's memory is not scrubbed).
 */
static void write_p2m(const struct build_layout *l)
{
	u32 chunk[256];		/* a quarter page: never across a page */
	u64 len = l->nr_pages * (guest_is_32bit(l) ? sizeof(u32) : sizeof(unsigned long));
	unsigned long pfn, n, i;

	if (len & (PAGE_SIZE - 1))
		p2m_write_at(l, len, NULL, -len & (PAGE_SIZE - 1));
	if (!guest_is_32bit(l) || sizeof(unsigned long) == sizeof(u32)) {
		for (pfn = 0; pfn < l->nr_pages; pfn += n) {
			n = min(l->nr_pages - pfn, PAGE_SIZE / sizeof(unsigned long));
			p2m_write_at(l, pfn * sizeof(unsigned long), &l->p2m[pfn],
				     n * sizeof(unsigned long));
		}
		return;
	}
	for (pfn = 0; pfn < l->nr_pages; pfn += n) {
		n = min(l->nr_pages - pfn, (unsigned long)ARRAY_SIZE(chunk));
		for (i = 0; i < n; i++)
			chunk[i] = l->p2m[pfn + i];
		p2m_write_at(l, pfn * sizeof(u32), chunk, n * sizeof(u32));
	}
}

/* The hypercall page: its stubs are hypercall.c's. */
static void write_hypercall_page(const struct build_layout *l, u64 va)
{
	u8 stub[HYPERCALL_STUB_SIZE];
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / HYPERCALL_STUB_SIZE; i++) {
		pv_hypercall_stub(l->d, i, stub);
		guest_write(l, va + i * HYPERCALL_STUB_SIZE, stub, sizeof(stub));
	}
}

/* Domain 0's pages, and its maximum reservation in *max (dom0_mem=). */
static unsigned long dom0_pages(unsigned long *max)
{
	unsigned long nr;

	dom0_mem_pages(&dom0_mem, avail_domheap_pages(), &nr, max);
	return nr;
}

/* The kernel image: an ELF, or unpacked from gzip or a bzImage (kernel_image.c). */
static int kernel_image(const char *who, const struct boot_module *m, const u8 **data,
			size_t *size, void **buf, unsigned int *order)
{
	const u8 *src = mfn_to_virt(m->start >> PAGE_SHIFT);

	return kernel_image_unpack(who, src + (m->start & (PAGE_SIZE - 1)), m->size,
				   data, size, buf, order);
}

/*
 * The PV clock's scale, so that the guest can turn TSC cycles into ns:
 * ns = ((tsc << shift) * mul) >> 32.  Time itself (system_time and its
 * updates) comes with timers.
 */
static void pv_time_init(struct vcpu_time_info *t)
{
	u64 hz = tsc_hz;
	int shift = 0;

	if (!hz)
		return;
	while (hz < 1000000000ULL) {
		hz <<= 1;
		shift++;
	}
	while (hz >= 4000000000ULL) {
		hz >>= 1;
		shift--;
	}
	t->tsc_to_system_mul = (u32)div_u64(1000000000ULL << 32, (u32)hz);
	t->tsc_shift = shift;
	t->tsc_timestamp = rdtsc();
	t->flags = XEN_PVCLOCK_TSC_STABLE_BIT;
}

/*
 * dom0_max_vcpus=: domain 0's vCPUs, by default one per online CPU as
 * Xen gives it.  vCPU 0 starts; the others wait for VCPUOP_initialise.
 */
static unsigned int __initdata dom0_max_vcpus;
integer_param("dom0_max_vcpus", dom0_max_vcpus);

static unsigned int dom0_nr_vcpus(void)
{
	unsigned int n = dom0_max_vcpus ?: num_online_cpus();

	return n > XEN_LEGACY_MAX_VCPUS ? XEN_LEGACY_MAX_VCPUS : n;
}

/* vCPU i of domain domid, spread over the online CPUs in turn. */
static unsigned int vcpu_initial_cpu(u16 domid, unsigned int i)
{
	unsigned int cpu, n = 0, want = (domid + i) % num_online_cpus();

	for_each_online_cpu(cpu)
		if (n++ == want)
			return cpu;
	return 0;
}

/*
 * The domain, its vCPUs and its pages.  An unprivileged domain's pages
 * are zeroed.  Domain 0's are not, as Xen's builder takes them
 * (MEMF_no_scrub): it trusts domain 0, which could map them anyway, and
 * no other domain has run; the builder zeroes what the boot protocol
 * says is zero (page tables, start_info, the p2m's last frame, the boot
 * stack; the kernel's bss by elf_load()).  Under QEMU's TCG the first
 * write to a page costs about 10 us: zeroing 512 MiB took 1.3 s of
 * domain 0's boot.
 */
static struct domain *domain_alloc(struct build_layout *l, const struct pv_domain_spec *spec)
{
	unsigned int i;
	unsigned long pfn, root_pfn = (l->vpt_start - l->v_start) >> PAGE_SHIFT;
	struct domain *d;

	d = domain_create(spec->domid, spec->nr_vcpus,
			  spec->privileged ? DOMCRF_privileged : 0);
	if (!d)
		return NULL;
	l->d = d;
	d->arch->is_32bit = guest_is_32bit(l);
	evtchn_2l_ports_changed(d);
	/* As Xen: domain 0 may balloon up to max:; the others keep what they got. */
	d->max_pages = min(l->max_pages, (unsigned long)~0U);
	strlcpy(d->name, spec->name ? spec->name : "", sizeof(d->name));
	for (i = 0; i < spec->nr_vcpus; i++)
		if (!vcpu_create(d, i, vcpu_initial_cpu(spec->domid, i)))
			return NULL;
	l->p2m = xzalloc_array(unsigned long, l->nr_pages);
	if (!l->p2m)
		return NULL;
	d->arch->p2m = l->p2m;
	for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		pv_time_init(&d->arch->shared_info->vcpu_info[i].time);
	for (pfn = 0; pfn < l->nr_pages; pfn++) {
		/* The root table's frame within cr3's reach (PAE: below 4 GiB). */
		struct page_info *pg = alloc_domheap_pages(d, 0, pfn == root_pfn ?
							   pv_root_memflags(d) : 0);

		if (!pg)
			return NULL;
		l->p2m[pfn] = page_to_mfn(pg);
		pv_m2p_set(l->p2m[pfn], pfn);
		if (!spec->privileged)
			pfn_clear(l, pfn);
		d->arch->nr_pages = pfn + 1;
	}
	d->arch->virt_base = l->v_start;
	/* What a toolstack would set (XENMEM_set_memory_map): its RAM. */
	if (!spec->privileged)
		d->arch->pseudophys_ram_end = (u64)l->nr_pages << PAGE_SHIFT;
	return d;
}

/*
 * An unprivileged domain's console: the last page of its memory, which
 * nothing of the layout uses, and a port the hypervisor consumes.
 */
static int console_setup(struct build_layout *l, struct start_info *si)
{
	unsigned long pfn = l->nr_pages - 1, used = (l->v_end - l->v_start) >> PAGE_SHIFT;
	long port;

	if (l->pl.p2m_outside)
		used = max(used, l->pl.first_p2m_pfn + l->pl.nr_p2m_frames);
	if (l->pl.initrd_unmapped)
		used = max(used, l->pl.initrd_pfn +
			   (unsigned long)((l->initrd_len + PAGE_SIZE - 1) >> PAGE_SHIFT));
	if (pfn < used) {
		printk(XENLOG_ERR "%s: no page left for the console ring\n", l->who);
		return -ENOMEM;
	}
	port = guest_console_init(l->d, l->p2m[pfn]);
	if (port < 0) {
		printk(XENLOG_ERR "%s: no console ring (%ld)\n", l->who, port);
		return port;
	}
	si->console.domU.mfn = l->p2m[pfn];
	si->console.domU.evtchn = port;
	return 0;
}

static int fill_start_info(struct build_layout *l, const struct pv_domain_spec *spec)
{
	static struct start_info si;
	static u8 buf[sizeof(si)];	/* the guest's layout (boot CPU only) */
	size_t len;

	/* A 32-bit guest's start_info holds it in 32 bits. */
	if (guest_is_32bit(l) && (u64)virt_to_maddr(l->d->arch->shared_info) >> 32) {
		printk(XENLOG_ERR "%s: its shared_info page is above 4 GiB\n", l->who);
		return -ENOMEM;
	}
	memset(&si, 0, sizeof(si));
	guest_write(l, l->vstartinfo_start, NULL, PAGE_SIZE);
	strlcpy(si.magic, l->guest_type, sizeof(si.magic));
	si.nr_pages = l->nr_pages;
	si.shared_info = virt_to_maddr(l->d->arch->shared_info);
	si.flags = spec->privileged ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0;
	si.pt_base = l->vpt_start;
	si.nr_pt_frames = l->nr_pt_pages;
	si.mfn_list = l->pl.vphysmap_start;
	si.first_p2m_pfn = l->pl.first_p2m_pfn;
	si.nr_p2m_frames = l->pl.nr_p2m_frames;
	if (spec->initrd) {
		si.mod_start = l->pl.initrd_unmapped ? l->pl.initrd_pfn : l->pl.vinitrd_start;
		si.mod_len = spec->initrd->size;
		if (l->pl.initrd_unmapped)
			si.flags |= SIF_MOD_START_PFN;
	}
	strlcpy((char *)si.cmd_line, spec->cmdline, sizeof(si.cmd_line));
	if (!spec->privileged && console_setup(l, &si))
		return -ENOMEM;
	len = pv_xlat_start_info(l->d, &si, buf);
	guest_write(l, l->vstartinfo_start, buf, len);
	return 0;
}

struct domain *pv_build_domain(const struct pv_domain_spec *spec)
{
	const struct boot_module *initrd = spec->initrd;
	const char *who = spec->name ? spec->name : "dom0";
	static struct elf_image img;
	struct elf_xen_layout el;
	struct build_layout l = { .who = who };
	struct arch_vcpu *a;
	unsigned int zorder = 0;
	const u8 *data;
	size_t size;
	void *zbuf;

	if (kernel_image(who, spec->kernel, &data, &size, &zbuf, &zorder))
		return NULL;
	/* Domain 0's share once the kernel is unpacked: that buffer is not its. */
	l.nr_pages = spec->nr_pages;
	l.max_pages = spec->nr_pages;
	if (!l.nr_pages)
		l.nr_pages = dom0_pages(&l.max_pages);
	l.initrd_len = initrd ? initrd->size : 0;
	if (l.nr_pages < DOM0_MIN_PAGES) {
		printk(XENLOG_ERR "%s: only %lu pages: not built\n", who, l.nr_pages);
		goto fail;
	}
	if (elf_parse(&img, data, size, (u64)l.nr_pages << PAGE_SHIFT) ||
	    elf_xen_check(&img, arch_xen_caps(), &el)) {
		printk(XENLOG_ERR "%s: kernel image refused: %s\n", who, img.err);
		goto fail;
	}
	l.guest_type = elf_xen_guest_type(&img);
	if (compute_layout(&l, &img, &el, initrd ? initrd->size : 0))
		goto fail;

	printk("%s: %s %s, %lu pages (%lu MiB), %s\n", who,
	       img.xen.guest_os ? img.xen.guest_os : "?",
	       img.xen.guest_version ? img.xen.guest_version : "",
	       l.nr_pages, l.nr_pages >> (20 - PAGE_SHIFT), l.guest_type);
	printk(" Kernel:      %016llx-%016llx entry %016llx\n",
	       (unsigned long long)el.virt_kstart, (unsigned long long)el.virt_kend,
	       (unsigned long long)el.virt_entry);
	if (l.pl.initrd_unmapped)
		printk(" Initrd:      not mapped, pfn %#lx\n", l.pl.initrd_pfn);
	else
		printk(" Initrd:      %016llx-%016llx\n",
		       (unsigned long long)l.pl.vinitrd_start,
		       (unsigned long long)l.pl.vinitrd_end);
	printk(" Phys-Mach:   %016llx-%016llx%s\n",
	       (unsigned long long)l.pl.vphysmap_start,
	       (unsigned long long)l.pl.vphysmap_end,
	       l.pl.p2m_outside ? " (INIT_P2M)" : "");
	if (l.pl.p2m_outside)
		printk(" P2M frames:  pfn %#lx, %lu frames\n", l.pl.first_p2m_pfn,
		       l.pl.nr_p2m_frames);
	printk(" Start info:  %016llx\n", (unsigned long long)l.vstartinfo_start);
	printk(" Page tables: %016llx (%lu frames)\n", (unsigned long long)l.vpt_start,
	       l.nr_pt_pages);
	printk(" Boot stack:  %016llx\n", (unsigned long long)l.vstack_end - PAGE_SIZE);
	printk(" TOTAL:       %016llx-%016llx\n", (unsigned long long)l.v_start,
	       (unsigned long long)l.v_end);

	if (!domain_alloc(&l, spec)) {
		printk(XENLOG_ERR "%s: out of memory building the domain\n", who);
		goto fail;
	}
	elf_load(&img, &l, load_copy, load_zero);
	if (zbuf)
		free_xenheap_pages(zbuf, zorder);
	zbuf = NULL;
	if (initrd) {
		const char *src = (const char *)mfn_to_virt(initrd->start >> PAGE_SHIFT) +
				  (initrd->start & (PAGE_SIZE - 1));

		if (l.pl.initrd_unmapped)
			pfn_write(&l, l.pl.initrd_pfn, src, initrd->size);
		else
			guest_write(&l, l.pl.vinitrd_start, src, initrd->size);
	}
	write_p2m(&l);
	if (el.virt_hypercall)
		write_hypercall_page(&l, el.virt_hypercall);
	guest_write(&l, l.vstack_end - PAGE_SIZE, NULL, PAGE_SIZE);
	if (fill_start_info(&l, spec))
		goto fail;

	a = l.d->vcpu[0]->arch;
	pv_fpu_init_state(a);
	l.d->vcpu[0]->is_initialised = true;
	a->guest_table = build_page_tables(&l);
	/* Every frame referenced and typed: the tables validated and pinned. */
	if (pv_dom0_mm_init(l.d, a->guest_table)) {
		printk(XENLOG_ERR "%s: the initial page tables do not validate\n", who);
		goto fail;
	}
	a->kernel_mode = true;
	pv_init_boot_regs(l.d->vcpu[0], el.virt_entry, l.vstack_end, l.vstartinfo_start);
	return l.d;

fail:
	if (zbuf)
		free_xenheap_pages(zbuf, zorder);
	/* Whatever was made goes back (domain 0 takes the machine down anyway). */
	if (l.d && !spec->privileged)
		domain_kill(l.d);
	printk(XENLOG_ERR "%s: not built\n", who);
	return NULL;
}

struct domain *dom0_build(const struct boot_module *initrd)
{
	struct pv_domain_spec spec = {
		.domid = 0,
		.nr_vcpus = dom0_nr_vcpus(),
		.kernel = &boot_info.modules[0],
		.initrd = initrd,
		/* QEMU's -kernel and GRUB both hand over the module's arguments only. */
		.cmdline = boot_info.modules[0].cmdline,
		.privileged = true,
	};

	return pv_build_domain(&spec);
}
