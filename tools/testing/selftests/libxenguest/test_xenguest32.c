/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * libxenguest's host tests for 32-bit guests (TAP 13), built and run as
 * an i386 program (gcc -m32: the tools of the 32-bit ports; an x86_64
 * Debian runs it natively): the builder on an in-memory domain
 * (fake_dom.c) with synthetic ELF32 kernels, one PAE ("xen-3.0-x86_32p",
 * the x86_32_pae port's guests) and one 2-level ("xen-3.0-x86_32", the
 * x86_32 port's).  Checked word by word: the layout with 4-byte p2m
 * entries, the page tables (PAE: a 4-entry L3 whose entries are present
 * only, L2 slot 3 linked; 2-level: 1024 4-byte entries) mapping exactly
 * the initial region, the p2m list and m2p, start_info's magic, vCPU 0's
 * x86_32 context (eip, esp, esi, ring-1 selectors, the callbacks' code
 * segment, cr3 in Xen's extended PAE form for a frame above 4 GiB), the
 * pin's level.  Refused with errno and a message, the domain untouched:
 * an x86_64 kernel, a kernel the hypervisor does not run (2-level on
 * PAE, PAE on 2-level), a PAE region below 3 GiB, a region reaching the
 * hypervisor's range.  The save/restore hooks: the hypervisor's slots of
 * each table, cr3's round trip, start_info's frame in edx, the return
 * value in eax, the arch of an image's shape and of a hypervisor's caps.
 * kernel-xen of x86_32_pae and of x86_32 ($KERNEL_XEN_PAE,
 * $KERNEL_XEN_2LEVEL) are built too when given.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/elfnote.h>
#include <xen/grant_table.h>

#include "fake_dom.h"

#include "elf_note.h"
#include "tap.h"

_Static_assert(sizeof(long) == 4, "test_xenguest32 is an i386 program (gcc -m32)");

static char err[512];
static unsigned int skipped;

#define CHECK_EQ(a, b) do { \
	unsigned long long a_ = (a), b_ = (b); \
	if (a_ != b_) { \
		printf("#   %s:%d: %s == %#llx, expected %#llx\n", __func__, __LINE__, \
		       #a, a_, b_); \
		cur_ok = false; \
	} \
} while (0)

#define VIRT_BASE	0xc0000000ULL
#define KPADDR		0x100000ULL
#define KFILESZ		0x2000ULL
#define KMEMSZ		0x10000ULL
#define PAGES		8192UL

/* A kind of 32-bit guest and the hypervisor (port) that runs it. */
struct kind {
	const char *name;
	const char *type;		/* its guest type, start_info's magic */
	const struct xg_paging *pg;
	bool pae;
	unsigned long mfn_base;		/* the fake domain's frames */
	const char *caps;		/* the port's XENVER_capabilities */
};

static const struct kind kinds[] = {
	{ "PAE", "xen-3.0-x86_32p", &xg_paging_x86_32p, true, FAKE_MFN_BASE,
	  "xen-3.0-x86_32p " },
	/* 4-byte entries reach 4 GiB: frames below it. */
	{ "2-level", "xen-3.0-x86_32", &xg_paging_x86_32, false, 0x10000UL,
	  "xen-3.0-x86_32 " },
};

/* --- a synthetic 32-bit kernel --------------------------------------- */

static size_t put_num(uint8_t *p, uint32_t type, uint32_t v)
{
	return put_note(p, type, &v, 4);
}

static void w16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void w32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

/*
 * An ELF32 i386 kernel at virt_base (PT_LOAD: text, hypercall page, bss;
 * PT_NOTE), PAE_MODE "yes" if pae.
 */
static uint8_t *make_elf32(uint32_t virt_base, bool pae, size_t *len)
{
	size_t size = 0x1000 + KFILESZ, nlen = 0;
	uint8_t *e = calloc(1, size), *n = e + 0x200, *ph = e + 52;
	uint32_t kstart = virt_base + KPADDR;
	uint64_t v;

	memcpy(e, "\177ELF", 4);
	e[4] = 1;			/* ELFCLASS32 */
	e[5] = 1;
	e[6] = 1;
	w16(e + 16, 2);			/* ET_EXEC */
	w16(e + 18, 3);			/* EM_386 */
	w32(e + 20, 1);
	w32(e + 24, kstart);
	w32(e + 28, 52);		/* e_phoff */
	w16(e + 40, 52);
	w16(e + 42, 32);
	w16(e + 44, 2);
	w32(ph, 1);			/* PT_LOAD */
	w32(ph + 4, 0x1000);
	w32(ph + 8, kstart);
	w32(ph + 12, KPADDR);
	w32(ph + 16, KFILESZ);
	w32(ph + 20, KMEMSZ);
	w32(ph + 24, 7);
	nlen += put_str(n + nlen, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	nlen += put_str(n + nlen, XEN_ELFNOTE_GUEST_OS, "synthetic32");
	nlen += put_str(n + nlen, XEN_ELFNOTE_LOADER, "generic");
	nlen += put_num(n + nlen, XEN_ELFNOTE_VIRT_BASE, virt_base);
	nlen += put_num(n + nlen, XEN_ELFNOTE_PADDR_OFFSET, 0);
	nlen += put_num(n + nlen, XEN_ELFNOTE_ENTRY, kstart + 0x10);
	nlen += put_num(n + nlen, XEN_ELFNOTE_HYPERCALL_PAGE, kstart + 0x1000);
	if (pae)
		nlen += put_str(n + nlen, XEN_ELFNOTE_PAE_MODE, "yes");
	w32(ph + 32, 4);		/* PT_NOTE */
	w32(ph + 32 + 4, 0x200);
	w32(ph + 32 + 16, nlen);
	w32(ph + 32 + 20, nlen);
	for (v = 0; v < KFILESZ; v++)
		e[0x1000 + v] = (uint8_t)(v * 7 + 1);
	*len = size;
	return e;
}

static struct xg_build_args args_for(const uint8_t *elf, size_t len)
{
	return (struct xg_build_args){
		.elf = elf, .elf_len = len, .nr_pages = PAGES, .domid = 7,
		.console_evtchn = 3, .store_evtchn = 4, .cmdline = "console=hvc0",
	};
}

static void fake_for(struct fake_dom *f, const struct kind *k)
{
	fake_init(f, PAGES);
	f->mfn_base = k->mfn_base;
	f->caps = k->caps;
}

/* --- the layout ------------------------------------------------------- */

static void t_layout(const struct kind *k)
{
	struct xg_layout l;
	char name[128];

	cur_ok = true;
	CHECK_EQ(xg_layout(&l, k->pg, VIRT_BASE, VIRT_BASE + KPADDR, VIRT_BASE + KPADDR + KMEMSZ,
			   0, PAGES, err, sizeof(err)), 0);
	CHECK_EQ(l.kernel_pfn, 256);
	CHECK_EQ(l.kernel_pages, 16);
	CHECK_EQ(l.p2m_pfn, 272);
	CHECK_EQ(l.p2m_pages, 8);		/* 8192 4-byte entries */
	CHECK_EQ(l.start_info_pfn, 280);
	CHECK_EQ(l.xenstore_pfn, 281);
	CHECK_EQ(l.console_pfn, 282);
	CHECK_EQ(l.pt_pfn, 283);
	/* PAE: L3, the L2 of slot 3, two L1s (2 MiB each); 2-level: L2, one L1. */
	CHECK_EQ(l.nr_pt_frames, k->pae ? 4 : 2);
	CHECK_EQ(l.bootstack_pfn, 283 + (k->pae ? 4 : 2));
	CHECK_EQ(l.virt_pgtab_end, VIRT_BASE + (4 << 20));
	CHECK_EQ(l.region_pages, 1024);
	snprintf(name, sizeof(name), "%s layout: 4-byte p2m, %s tables, 4 MiB region",
		 k->name, k->pae ? "L3+L2+2 L1" : "L2+L1");
	result(name);
}

static void t_layout_refused(const struct kind *k)
{
	/* A region from just below the hypervisor's range runs into it. */
	uint64_t near = k->pae ? 0xf5700000ULL : 0xfbf00000ULL;
	struct xg_layout l;
	char name[128];

	cur_ok = true;
	errno = 0;
	CHECK_EQ(xg_layout(&l, k->pg, near, near + KPADDR, near + KPADDR + KMEMSZ, 0, PAGES,
			   err, sizeof(err)), -1);
	CHECK_EQ(errno, ENOMEM);
	CHECK(strstr(err, "the hypervisor's range") != NULL);
	errno = 0;
	if (k->pae) {
		/* Below 3 GiB: L3 slot 3 would link no L2. */
		CHECK_EQ(xg_layout(&l, k->pg, 0x80000000ULL, 0x80000000ULL + KPADDR,
				   0x80000000ULL + KPADDR + KMEMSZ, 0, PAGES, err,
				   sizeof(err)), -1);
		CHECK_EQ(errno, EINVAL);
		CHECK(strstr(err, "must reach") != NULL);
	} else {
		/* 2-level has no such rule: a kernel at 2 GiB lays out. */
		CHECK_EQ(xg_layout(&l, k->pg, 0x80000000ULL, 0x80000000ULL + KPADDR,
				   0x80000000ULL + KPADDR + KMEMSZ, 0, PAGES, err,
				   sizeof(err)), 0);
	}
	snprintf(name, sizeof(name), "%s layout refused: into the hypervisor's range%s",
		 k->name, k->pae ? ", below 3 GiB" : "");
	result(name);
}

/* --- building ---------------------------------------------------------- */

static uint64_t entry_at(const struct xg_paging *pg, const void *t, unsigned int i)
{
	return xg_pte_get(pg, t, i);
}

/* The L1 entry for va, or 0; *tables_ok false if a table is not a table frame. */
static uint64_t walk(struct fake_dom *f, const struct xg_build_result *r, uint64_t va,
		     bool *tables_ok)
{
	const struct xg_layout *l = &r->layout;
	const struct xg_paging *pg = l->pg;
	unsigned int entries = 1U << pg->level_shift;
	uint8_t *t = fake_mfn_page(f, r->p2m[l->pt_pfn]);
	uint64_t e = 0;
	int lv;

	for (lv = pg->levels - 1; lv >= 0; lv--) {
		unsigned long pfn;
		unsigned int idx = (va >> (12 + lv * pg->level_shift)) & (entries - 1);

		if (!t)
			return 0;
		pfn = (t - f->mem) / XG_PAGE_SIZE;
		if (pfn < l->pt_pfn || pfn >= l->pt_pfn + l->nr_pt_frames)
			*tables_ok = false;
		e = entry_at(pg, t, idx);
		if (!(e & 1))
			return 0;
		/* A PAE L3 entry is the present bit and the frame, nothing more. */
		if (pg->levels == 3 && lv == 2 && (e & ~pg->frame_mask) != 1)
			*tables_ok = false;
		if (lv)
			t = fake_mfn_page(f, (e & pg->frame_mask) >> 12);
	}
	return e;
}

static void check_pagetables(struct fake_dom *f, const struct xg_build_result *r)
{
	const struct xg_layout *l = &r->layout;
	const struct xg_paging *pg = l->pg;
	unsigned long pfn, present = 0, i;
	bool tables_ok = true;

	for (pfn = 0; pfn < l->region_pages; pfn++) {
		uint64_t e = walk(f, r, xg_pfn_va(l, pfn), &tables_ok);
		bool pt = pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt_frames;

		if (!(e & 1) || ((e & pg->frame_mask) >> 12) != r->p2m[pfn] ||
		    !!(e & 2) == pt) {
			printf("#   pfn %#lx: entry %#llx, mfn %#lx expected%s\n", pfn,
			       (unsigned long long)e, (unsigned long)r->p2m[pfn],
			       pt ? " read-only" : "");
			cur_ok = false;
			break;
		}
	}
	CHECK(tables_ok);
	CHECK_EQ(walk(f, r, l->virt_base - XG_PAGE_SIZE, &tables_ok), 0);
	CHECK_EQ(walk(f, r, l->virt_pgtab_end, &tables_ok), 0);
	CHECK_EQ(walk(f, r, 0, &tables_ok), 0);
	for (i = l->lvl[0].pfn; i < l->lvl[0].pfn + l->lvl[0].tables; i++) {
		const uint8_t *t = f->mem + i * XG_PAGE_SIZE;
		unsigned int k;

		for (k = 0; k < XG_PAGE_SIZE / pg->entry_size; k++)
			present += entry_at(pg, t, k) & 1;
	}
	CHECK_EQ(present, l->region_pages);
	CHECK_EQ(l->lvl[pg->levels - 1].pfn, l->pt_pfn);
}

static void check_p2m(struct fake_dom *f, const struct xg_build_result *r)
{
	const struct xg_layout *l = &r->layout;
	const uint32_t *list = (const uint32_t *)(f->mem + l->p2m_pfn * XG_PAGE_SIZE);
	unsigned long i, bad = 0;

	CHECK_EQ(f->nr, l->nr_pages);
	for (i = 0; i < l->nr_pages; i++)
		if (list[i] != r->p2m[i] || f->m2p[r->p2m[i] - f->mfn_base] != i)
			bad++;
	CHECK_EQ(bad, 0);
	/* Nothing past the list's entries in its last page. */
	CHECK_EQ(l->p2m_pages, (l->nr_pages * 4 + XG_PAGE_SIZE - 1) / XG_PAGE_SIZE);
}

static void t_build(const struct kind *k)
{
	struct fake_dom f;
	struct xg_build_result r;
	struct xg_build_args a;
	const struct xg_layout *l = &r.layout;
	const struct start_info *si;
	const struct shared_info *sh;
	uint8_t ramdisk[10000];
	size_t len;
	uint8_t *elf = make_elf32(VIRT_BASE, k->pae, &len);
	xen_pfn_t root;
	unsigned long i, cr3;
	char name[160];

	cur_ok = true;
	for (i = 0; i < sizeof(ramdisk); i++)
		ramdisk[i] = (uint8_t)(i * 13);
	fake_for(&f, k);
	a = args_for(elf, len);
	a.ramdisk = ramdisk;
	a.ramdisk_len = sizeof(ramdisk);
	CHECK_EQ(xg_build(&fake_ops, &f, &a, &r, err, sizeof(err)), 0);
	if (!cur_ok) {
		printf("#   %s\n", err);
		goto out;
	}
	CHECK(!strcmp(r.guest_os, "synthetic32"));
	CHECK_EQ(f.maps, 0);
	CHECK(l->pg == k->pg);
	CHECK(!memcmp(f.mem + l->kernel_pfn * 4096, elf + 0x1000, KFILESZ));
	CHECK(!memcmp(f.mem + l->ramdisk_pfn * 4096, ramdisk, sizeof(ramdisk)));
	check_p2m(&f, &r);
	check_pagetables(&f, &r);
	si = (const void *)(f.mem + l->start_info_pfn * XG_PAGE_SIZE);
	CHECK(!strcmp(si->magic, k->type));
	CHECK_EQ(si->nr_pages, PAGES);
	CHECK_EQ(si->shared_info, FAKE_SHARED_INFO_MFN << 12);
	CHECK_EQ(si->store_mfn, r.p2m[l->xenstore_pfn]);
	CHECK_EQ(si->console.domU.mfn, r.p2m[l->console_pfn]);
	CHECK_EQ(si->pt_base, xg_pfn_va(l, l->pt_pfn));
	CHECK_EQ(si->nr_pt_frames, l->nr_pt_frames);
	CHECK_EQ(si->mfn_list, xg_pfn_va(l, l->p2m_pfn));
	CHECK_EQ(si->mod_start, l->ramdisk_vstart);
	CHECK_EQ(si->mod_len, sizeof(ramdisk));
	CHECK(!strcmp((const char *)si->cmd_line, "console=hvc0"));
	CHECK_EQ(f.hypercall_mfn, r.p2m[l->kernel_pfn + 1]);
	sh = (const void *)f.shared_info;
	for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		CHECK_EQ(sh->vcpu_info[i].evtchn_upcall_mask, 1);
	/* The root is pinned at its level: L3 (PAE) or L2. */
	root = r.p2m[l->pt_pfn];
	CHECK_EQ(f.pinned_levels, k->pae ? 3 : 2);
	CHECK_EQ(f.pinned_mfn, root);
	/* vCPU 0, the x86_32 layout. */
	CHECK(f.context_set);
	CHECK_EQ(f.ctx.user_regs.eip, VIRT_BASE + KPADDR + 0x10);
	CHECK_EQ(f.ctx.user_regs.esi, xg_pfn_va(l, l->start_info_pfn));
	CHECK_EQ(f.ctx.user_regs.esp, xg_pfn_va(l, l->bootstack_pfn + 1));
	CHECK_EQ(f.ctx.user_regs.eflags, 0x200);
	CHECK_EQ(f.ctx.user_regs.cs, 0xe019);		/* FLAT_RING1_CS */
	CHECK_EQ(f.ctx.user_regs.ss, 0xe021);
	CHECK_EQ(f.ctx.user_regs.ds, 0xe021);
	CHECK_EQ(f.ctx.user_regs.es, 0xe021);
	CHECK_EQ(f.ctx.kernel_ss, 0xe021);
	CHECK_EQ(f.ctx.kernel_sp, f.ctx.user_regs.esp);
	CHECK_EQ(f.ctx.event_callback_cs, 0xe019);
	CHECK_EQ(f.ctx.failsafe_callback_cs, 0xe019);
	CHECK_EQ(f.ctx.flags, VGCF_in_kernel | VGCF_online);
	/* PAE: the frame's bits from 20 up in cr3's low 12 (the fake's are above 4 GiB). */
	cr3 = k->pae ? (root << 12) | (root >> 20) : root << 12;
	CHECK_EQ(f.ctx.ctrlreg[3], cr3);
	if (k->pae)
		CHECK(root >> 20 && (f.ctx.ctrlreg[3] & 0xfff));
out:
	free(r.p2m);
	fake_free(&f);
	free(elf);
	snprintf(name, sizeof(name), "%s kernel builds: p2m/m2p, page tables, start_info "
		 "%s, pin L%u, vCPU 0's x86_32 context and cr3", k->name, k->type,
		 k->pae ? 3 : 2);
	result(name);
}

/* A refused kernel: errno, a message, and no call on the domain. */
static void refused(const char *name, const struct kind *k, const uint8_t *elf, size_t len,
		    int want_errno, const char *want_msg)
{
	struct fake_dom f;
	struct xg_build_result r;
	struct xg_build_args a = args_for(elf, len);

	cur_ok = true;
	fake_for(&f, k);
	errno = 0;
	err[0] = '\0';
	CHECK_EQ(xg_build(&fake_ops, &f, &a, &r, err, sizeof(err)), -1);
	CHECK_EQ(errno, want_errno);
	if (!strstr(err, want_msg)) {
		printf("#   message '%s', expected '%s' in it\n", err, want_msg);
		cur_ok = false;
	}
	CHECK_EQ(f.calls, 0);
	CHECK(!f.context_set);
	free(r.p2m);
	fake_free(&f);
	result(name);
}

static void t_refused(void)
{
	size_t len;
	uint8_t *elf = make_elf32(VIRT_BASE, false, &len);

	refused("refused: a 2-level kernel on the PAE hypervisor", &kinds[0], elf, len,
		EINVAL, "kernel refused");
	free(elf);
	elf = make_elf32(VIRT_BASE, true, &len);
	refused("refused: a PAE kernel on the 2-level hypervisor", &kinds[1], elf, len,
		EINVAL, "kernel refused");
	free(elf);
	elf = make_elf32(0x80000000U, true, &len);
	refused("refused: a PAE kernel whose region stays below 3 GiB", &kinds[0], elf, len,
		EINVAL, "must reach");
	free(elf);
}

/* The x86_64 kernel with notes: these tools' types named in the refusal. */
static void t_refused_x86_64(void)
{
	uint8_t n[256];
	size_t nlen = 0, len = 0x2000;
	uint8_t *e = calloc(1, len), *ph = e + 64;
	uint64_t kstart = 0xffffffff80200000ULL, v;

	memcpy(e, "\177ELF", 4);
	e[4] = 2;
	e[5] = 1;
	e[6] = 1;
	w16(e + 16, 2);
	w16(e + 18, 62);
	w32(e + 20, 1);
	memcpy(e + 24, &kstart, 8);
	v = 64;
	memcpy(e + 32, &v, 8);
	w16(e + 52, 64);
	w16(e + 54, 56);
	w16(e + 56, 2);
	w32(ph, 1);
	w32(ph + 4, 7);
	v = 0x1000;
	memcpy(ph + 8, &v, 8);
	memcpy(ph + 16, &kstart, 8);
	v = 0x200000;
	memcpy(ph + 24, &v, 8);
	v = 0x1000;
	memcpy(ph + 32, &v, 8);
	memcpy(ph + 40, &v, 8);
	nlen += put_str(n + nlen, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	nlen += put_str(n + nlen, XEN_ELFNOTE_LOADER, "generic");
	memcpy(e + 0x200, n, nlen);
	w32(ph + 56, 4);
	v = 0x200;
	memcpy(ph + 56 + 8, &v, 8);
	v = nlen;
	memcpy(ph + 56 + 32, &v, 8);
	memcpy(ph + 56 + 40, &v, 8);
	refused("refused: an x86_64 kernel, naming the 32-bit types these tools build",
		&kinds[0], e, len, ENOEXEC,
		"not one of these tools' guest types (xen-3.0-x86_32p xen-3.0-x86_32)");
	free(e);
}

/* --- the save/restore hooks ------------------------------------------- */

static void t_sr_hooks(void)
{
	const struct xg_guest_arch *pae = xg_arch_by_type("xen-3.0-x86_32p");
	const struct xg_guest_arch *two = xg_arch_by_type("xen-3.0-x86_32");
	struct vcpu_guest_context c;

	cur_ok = true;
	CHECK(pae && two && pae != two);
	if (!pae || !two) {
		result("save/restore hooks");
		return;
	}
	CHECK(xg_arch_by_type("xen-3.0-x86_64") == NULL);
	CHECK(xg_arch_by_shape(4, 3) == pae);
	CHECK(xg_arch_by_shape(4, 2) == two);
	CHECK(xg_arch_by_shape(8, 4) == NULL);
	CHECK(xg_arch_of_caps("xen-3.0-x86_32p ") == pae);
	CHECK(xg_arch_of_caps("xen-3.0-x86_32 ") == two);
	CHECK(xg_arch_of_caps("xen-3.0-x86_64 xen-3.0-x86_32p") == pae);
	CHECK(xg_arch_of_caps("xen-3.0-x86_64 ") == NULL);
	CHECK(!strcmp(xg_arch_types(), "xen-3.0-x86_32p xen-3.0-x86_32"));
	/* The hypervisor's slots: 2-level L2 from 0xfc000000 (1008), every L2. */
	CHECK(two->hv_entry(2, 1008, true) && two->hv_entry(2, 1023, false));
	CHECK(!two->hv_entry(2, 1007, false) && !two->hv_entry(1, 1008, false));
	/* PAE: L3 past 4; the slot-3 L2's from 0xf5800000 (428), not the guest's frames. */
	CHECK(pae->hv_entry(3, 4, true) && !pae->hv_entry(3, 3, false));
	CHECK(pae->hv_entry(2, 428, false) && pae->hv_entry(2, 511, false));
	CHECK(!pae->hv_entry(2, 428, true) && !pae->hv_entry(2, 427, false));
	CHECK(!pae->hv_entry(1, 500, false));
	/* cr3: PAE's extended form round-trips a frame above 4 GiB. */
	CHECK_EQ(pae->pfn_to_cr3(0x123456), 0x23456000UL | 0x1);
	CHECK_EQ(pae->cr3_to_pfn(pae->pfn_to_cr3(0x123456)), 0x123456);
	CHECK_EQ(two->pfn_to_cr3(0x12345), 0x12345000UL);
	CHECK_EQ(two->cr3_to_pfn(0x12345000UL), 0x12345);
	/* start_info's frame in edx, a return value in eax. */
	memset(&c, 0, sizeof(c));
	pae->set_suspend_record(&c, 0x4321);
	CHECK_EQ(c.user_regs.edx, 0x4321);
	CHECK_EQ(two->suspend_record(&c), 0x4321);
	two->set_return(&c, 1);
	CHECK_EQ(c.user_regs.eax, 1);
	CHECK_EQ(pae->pg->word_size, 4);
	result("save/restore hooks: arch by type, shape and caps; hypervisor slots; cr3; "
	       "edx, eax");
}

/*
 * kernel-xen of the 32-bit ports ($env: its vmlinuz-xen), built on a
 * domain of 64 MiB as the synthetic kernel is, and checked the same way.
 */
static void t_real(const char *env, const struct kind *k)
{
	const char *path = getenv(env);
	struct xg_kernel kern;
	struct fake_dom f;
	struct xg_build_result r;
	struct xg_build_args a;
	char name[128];

	snprintf(name, sizeof(name), "%s kernel-xen builds: layout, page tables, p2m/m2p, "
		 "start_info, vCPU 0", k->name);
	if (!path || !*path) {
		test_nr++;
		skipped++;
		printf("ok %u %s # SKIP %s not given\n", test_nr, name, env);
		return;
	}
	cur_ok = true;
	if (xg_kernel_load(&kern, path, err, sizeof(err))) {
		printf("#   %s\n", err);
		cur_ok = false;
		result(name);
		return;
	}
	fake_for(&f, k);
	a = args_for(kern.elf, kern.elf_len);
	CHECK_EQ(xg_build(&fake_ops, &f, &a, &r, err, sizeof(err)), 0);
	if (!cur_ok) {
		printf("#   %s\n", err);
	} else {
		printf("# %s: guest_os %s, entry %#llx, kernel pfn %#lx+%#lx, %lu table "
		       "frames, region %lu pages\n", path, r.guest_os,
		       (unsigned long long)r.entry, r.layout.kernel_pfn, r.layout.kernel_pages,
		       r.layout.nr_pt_frames, r.layout.region_pages);
		CHECK(!strcmp(r.guest_os, "kernel-xen"));
		CHECK(r.layout.pg == k->pg);
		check_p2m(&f, &r);
		check_pagetables(&f, &r);
		CHECK(f.context_set);
		CHECK_EQ(f.ctx.user_regs.eip, r.entry);
		CHECK_EQ(f.pinned_levels, k->pae ? 3 : 2);
	}
	free(r.p2m);
	fake_free(&f);
	xg_kernel_free(&kern);
	result(name);
}

int main(void)
{
	unsigned int i;

	printf("TAP version 13\n1..%zu\n", 4 * sizeof(kinds) / sizeof(kinds[0]) + 5);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		t_layout(&kinds[i]);
		t_layout_refused(&kinds[i]);
		t_build(&kinds[i]);
	}
	t_refused();
	t_refused_x86_64();
	t_sr_hooks();
	t_real("KERNEL_XEN_PAE", &kinds[0]);
	t_real("KERNEL_XEN_2LEVEL", &kinds[1]);
	printf("# %u tests, %u failed, %u skipped\n", test_nr, failed, skipped);
	return failed ? 1 : 0;
}
