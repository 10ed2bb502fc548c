/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * libxenguest's host tests (TAP 13): the builder on an in-memory domain
 * (fake_dom.c).  A synthetic ELF with Xen notes, packed as gzip and as
 * bzImages with each payload format (scripts/qemu/mkbzimage.py), is
 * built and the result checked against the layout, word by word: the
 * page tables map exactly the initial region to the p2m's frames, the
 * p2m list and the m2p agree, start_info, the grants, shared_info and
 * vCPU 0's context say what libxc would.  Every refused input (files,
 * formats, damaged or truncated payloads, kernels for another machine,
 * without notes, too large for the memory, a failing hypervisor call)
 * fails with its errno and a message, and a refused image leaves the
 * domain untouched.  kernel-xen ($KERNEL_XEN) and Debian's bzImage
 * ($LINUX_BZIMAGE) are built too when given.
 *
 *	XG_TESTDATA=<scratch dir> [KERNEL_XEN=...] [LINUX_BZIMAGE=...]
 *	MKBZIMAGE=scripts/qemu/mkbzimage.py test_xenguest
 */
#include <errno.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include <xen/elfnote.h>
#include <xen/grant_table.h>

#include "fake_dom.h"

#include "elf_note.h"
#include "tap.h"

static unsigned int skipped;
static char err[512];

#define CHECK_EQ(a, b) do { \
	unsigned long long a_ = (a), b_ = (b); \
	if (a_ != b_) { \
		printf("#   %s:%d: %s == %#llx, expected %#llx\n", __func__, __LINE__, \
		       #a, a_, b_); \
		cur_ok = false; \
	} \
} while (0)

static void skip(const char *name, const char *why)
{
	test_nr++;
	skipped++;
	printf("ok %u %s # SKIP %s\n", test_nr, name, why);
}

/* --- a synthetic kernel --------------------------------------------- */

#define VIRT_BASE	0xffffffff80000000ULL
#define KPADDR		0x200000ULL
#define KFILESZ		0x3000ULL
#define KMEMSZ		0x10000ULL

struct elf_opts {
	uint16_t machine;
	uint8_t class;
	bool notes;
	const char *loader;
	uint64_t memsz;
};

static size_t put_num(uint8_t *p, uint32_t type, uint64_t v)
{
	return put_note(p, type, &v, 8);
}

/* An ELF64 with one PT_LOAD (text, hypercall page, bss) and Xen notes. */
static uint8_t *make_elf(const struct elf_opts *o, size_t *len)
{
	size_t size = 0x1000 + KFILESZ, nlen = 0;
	uint8_t *e = calloc(1, size), *n = e + 0x200, *ph = e + 64;
	uint64_t kstart = VIRT_BASE + KPADDR, memsz = o->memsz ? o->memsz : KMEMSZ;
	uint64_t v;

	memcpy(e, "\177ELF", 4);
	e[4] = o->class ? o->class : 2;
	e[5] = 1;
	e[6] = 1;
	*(uint16_t *)(e + 16) = 2;				/* ET_EXEC */
	*(uint16_t *)(e + 18) = o->machine ? o->machine : 62;
	*(uint32_t *)(e + 20) = 1;
	*(uint64_t *)(e + 24) = kstart;
	*(uint64_t *)(e + 32) = 64;				/* e_phoff */
	*(uint16_t *)(e + 52) = 64;
	*(uint16_t *)(e + 54) = 56;
	*(uint16_t *)(e + 56) = o->notes ? 2 : 1;
	/* PT_LOAD */
	*(uint32_t *)(ph) = 1;
	*(uint32_t *)(ph + 4) = 7;
	*(uint64_t *)(ph + 8) = 0x1000;
	*(uint64_t *)(ph + 16) = kstart;
	*(uint64_t *)(ph + 24) = KPADDR;
	*(uint64_t *)(ph + 32) = KFILESZ;
	*(uint64_t *)(ph + 40) = memsz;
	if (o->notes) {
		nlen += put_str(n + nlen, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
		nlen += put_str(n + nlen, XEN_ELFNOTE_GUEST_OS, "synthetic");
		nlen += put_str(n + nlen, XEN_ELFNOTE_LOADER, o->loader ? o->loader : "generic");
		nlen += put_num(n + nlen, XEN_ELFNOTE_VIRT_BASE, VIRT_BASE);
		nlen += put_num(n + nlen, XEN_ELFNOTE_PADDR_OFFSET, 0);
		nlen += put_num(n + nlen, XEN_ELFNOTE_ENTRY, kstart + 0x10);
		nlen += put_num(n + nlen, XEN_ELFNOTE_HYPERCALL_PAGE, kstart + 0x1000);
		*(uint32_t *)(ph + 56) = 4;			/* PT_NOTE */
		*(uint64_t *)(ph + 56 + 8) = 0x200;
		*(uint64_t *)(ph + 56 + 32) = nlen;
		*(uint64_t *)(ph + 56 + 40) = nlen;
	}
	/* The text: a recognisable pattern, to find in the guest's memory. */
	for (v = 0; v < KFILESZ; v++)
		e[0x1000 + v] = (uint8_t)(v * 7 + 1);
	*len = size;
	return e;
}

static uint8_t *good_elf(size_t *len)
{
	struct elf_opts o = { .notes = true };

	return make_elf(&o, len);
}

static char *scratch(const char *name)
{
	static char path[4][512];
	static int i;
	const char *dir = getenv("XG_TESTDATA");

	i = (i + 1) % 4;
	snprintf(path[i], sizeof(path[i]), "%s/%s", dir && *dir ? dir : "/tmp", name);
	return path[i];
}

static void write_file(const char *path, const void *p, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(p, 1, len, f) != len || fclose(f)) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

/* --- building on the fake domain ------------------------------------ */

static uint64_t *table_of(struct fake_dom *f, uint64_t entry)
{
	return fake_mfn_page(f, (entry >> 12) & ((1ULL << 40) - 1));
}

/* The L1 entry for va, or 0; *tables_ok false if a table is outside the
 * page-table frames. */
static uint64_t walk(struct fake_dom *f, const struct xg_build_result *r, xen_pfn_t cr3_mfn,
		     uint64_t va, bool *tables_ok)
{
	uint64_t *t = fake_mfn_page(f, cr3_mfn), e = 0;
	const struct xg_layout *l = &r->layout;
	int lv;

	for (lv = 3; lv >= 0; lv--) {
		unsigned long pfn;

		if (!t)
			return 0;
		pfn = ((uint8_t *)t - f->mem) / XG_PAGE_SIZE;
		if (pfn < l->pt_pfn || pfn >= l->pt_pfn + l->nr_pt_frames)
			*tables_ok = false;
		e = t[(va >> (12 + 9 * lv)) & 511];
		if (!(e & 1))
			return 0;
		if (lv)
			t = table_of(f, e);
	}
	return e;
}

static void check_pagetables(struct fake_dom *f, const struct xg_build_result *r)
{
	const struct xg_layout *l = &r->layout;
	xen_pfn_t cr3 = r->p2m[l->pt_pfn];
	unsigned long pfn, present = 0, i;
	bool tables_ok = true;

	for (pfn = 0; pfn < l->region_pages; pfn++) {
		uint64_t e = walk(f, r, cr3, xg_pfn_va(l, pfn), &tables_ok);
		bool pt = pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt_frames;

		if (!(e & 1) || ((e >> 12) & ((1ULL << 40) - 1)) != r->p2m[pfn] ||
		    !!(e & 2) == pt) {
			printf("#   pfn %#lx: entry %#llx, mfn %#lx expected%s\n", pfn,
			       (unsigned long long)e, (unsigned long)r->p2m[pfn],
			       pt ? " read-only" : "");
			cur_ok = false;
			break;
		}
	}
	CHECK(tables_ok);
	CHECK_EQ(walk(f, r, cr3, l->virt_base - XG_PAGE_SIZE, &tables_ok), 0);
	CHECK_EQ(walk(f, r, cr3, l->virt_pgtab_end, &tables_ok), 0);
	CHECK_EQ(walk(f, r, cr3, 0, &tables_ok), 0);
	/* Exactly the region: no other present L1 entry in any L1 table. */
	for (i = l->lvl[0].pfn; i < l->lvl[0].pfn + l->lvl[0].tables; i++) {
		uint64_t *t = (uint64_t *)(f->mem + i * XG_PAGE_SIZE);
		unsigned int k;

		for (k = 0; k < 512; k++)
			present += t[k] & 1;
	}
	CHECK_EQ(present, l->region_pages);
	CHECK_EQ(l->lvl[3].pfn, l->pt_pfn);
	CHECK_EQ(l->lvl[3].tables + l->lvl[2].tables + l->lvl[1].tables + l->lvl[0].tables,
		 l->nr_pt_frames);
}

static void check_p2m(struct fake_dom *f, const struct xg_build_result *r)
{
	const struct xg_layout *l = &r->layout;
	const uint64_t *list = (uint64_t *)(f->mem + l->p2m_pfn * XG_PAGE_SIZE);
	unsigned long i, bad = 0;

	CHECK_EQ(f->nr, l->nr_pages);
	for (i = 0; i < l->nr_pages; i++)
		if (list[i] != r->p2m[i] || f->m2p[r->p2m[i] - f->mfn_base] != i)
			bad++;
	CHECK_EQ(bad, 0);
}

static const struct start_info *start_info_of(struct fake_dom *f,
					      const struct xg_build_result *r)
{
	return (void *)(f->mem + r->layout.start_info_pfn * XG_PAGE_SIZE);
}

static struct xg_build_args args_for(const uint8_t *elf, size_t len, unsigned long pages)
{
	return (struct xg_build_args){
		.elf = elf, .elf_len = len, .nr_pages = pages, .domid = 7,
		.console_evtchn = 3, .store_evtchn = 4, .cmdline = "console=hvc0 root=/dev/xvda",
	};
}

static void t_layout_libxc(void)
{
	struct xg_layout l;

	cur_ok = true;
	CHECK_EQ(xg_layout(&l, &xg_paging_x86_64, VIRT_BASE, VIRT_BASE + KPADDR,
			   VIRT_BASE + KPADDR + KMEMSZ, 0, 8192, err, sizeof(err)), 0);
	CHECK_EQ(l.kernel_pfn, 512);
	CHECK_EQ(l.kernel_pages, 16);
	CHECK_EQ(l.p2m_pfn, 528);
	CHECK_EQ(l.p2m_pages, 16);
	CHECK_EQ(l.start_info_pfn, 544);
	CHECK_EQ(l.xenstore_pfn, 545);
	CHECK_EQ(l.console_pfn, 546);
	CHECK_EQ(l.pt_pfn, 547);
	CHECK_EQ(l.nr_pt_frames, 5);	/* L4, L3, L2, two L1s for 4 MiB */
	CHECK_EQ(l.bootstack_pfn, 552);
	CHECK_EQ(l.virt_pgtab_end, VIRT_BASE + (4 << 20));
	CHECK_EQ(l.region_pages, 1024);
	/* A ramdisk goes after the kernel, the p2m after it. */
	CHECK_EQ(xg_layout(&l, &xg_paging_x86_64, VIRT_BASE, VIRT_BASE + KPADDR,
			   VIRT_BASE + KPADDR + KMEMSZ, 5 << 20, 8192, err, sizeof(err)), 0);
	CHECK_EQ(l.ramdisk_pfn, 528);
	CHECK_EQ(l.ramdisk_vstart, VIRT_BASE + 528 * 4096ULL);
	CHECK_EQ(l.p2m_pfn, 528 + 1280);
	CHECK_EQ(l.virt_pgtab_end, VIRT_BASE + (8 << 20));
	CHECK_EQ(l.nr_pt_frames, 7);
	result("layout: libxc's order and sizes (kernel, ramdisk, p2m, start_info, "
	       "xenstore, console, tables, stack, 4 MiB end)");
}

static void t_layout_refused(void)
{
	struct xg_layout l;

	cur_ok = true;
	errno = 0;
	CHECK_EQ(xg_layout(&l, &xg_paging_x86_64, VIRT_BASE, VIRT_BASE + KPADDR,
			   VIRT_BASE + KPADDR + KMEMSZ, 0, 600, err, sizeof(err)), -1);
	CHECK_EQ(errno, ENOMEM);
	CHECK(strstr(err, "do not fit") != NULL);
	CHECK_EQ(xg_layout(&l, &xg_paging_x86_64, VIRT_BASE, VIRT_BASE + KPADDR,
			   VIRT_BASE + KPADDR + KMEMSZ, 64 << 20, 8192, err, sizeof(err)), -1);
	CHECK_EQ(errno, ENOMEM);
	CHECK_EQ(xg_layout(&l, &xg_paging_x86_64, VIRT_BASE, VIRT_BASE - 4096,
			   VIRT_BASE + KMEMSZ, 0, 8192, err, sizeof(err)), -1);
	CHECK_EQ(errno, EINVAL);
	/* A kernel reaching the top of the address space cannot wrap. */
	CHECK_EQ(xg_layout(&l, &xg_paging_x86_64, 0xfffffffffff00000ULL,
			   0xfffffffffff00000ULL, 0xfffffffffffff000ULL, 0, 1UL << 20, err,
			   sizeof(err)), -1);
	result("layout: too little memory is ENOMEM, a kernel below VIRT_BASE or "
	       "wrapping EINVAL");
}

static void t_build_synthetic(void)
{
	struct fake_dom f;
	struct xg_build_result r;
	struct xg_build_args a;
	const struct start_info *si;
	const struct xg_layout *l = &r.layout;
	const struct grant_entry_v1 *gt;
	const struct shared_info *sh;
	uint8_t ramdisk[10000];
	size_t len;
	uint8_t *elf = good_elf(&len);
	unsigned long i;

	cur_ok = true;
	for (i = 0; i < sizeof(ramdisk); i++)
		ramdisk[i] = (uint8_t)(i * 13);
	fake_init(&f, 8192);
	a = args_for(elf, len, 8192);
	a.ramdisk = ramdisk;
	a.ramdisk_len = sizeof(ramdisk);
	a.console_domid = 0;
	a.store_domid = 0;
	CHECK_EQ(xg_build(&fake_ops, &f, &a, &r, err, sizeof(err)), 0);
	if (!cur_ok)
		printf("#   %s\n", err);
	CHECK(!strcmp(r.guest_os, "synthetic"));
	CHECK(!strcmp(r.loader, "generic"));
	CHECK_EQ(f.maps, 0);
	/* The kernel, its bss, the ramdisk. */
	CHECK(!memcmp(f.mem + l->kernel_pfn * 4096, elf + 0x1000, KFILESZ));
	for (i = KFILESZ; i < KMEMSZ; i++)
		if (f.mem[l->kernel_pfn * 4096 + i])
			break;
	CHECK_EQ(i, KMEMSZ);
	CHECK(!memcmp(f.mem + l->ramdisk_pfn * 4096, ramdisk, sizeof(ramdisk)));
	check_p2m(&f, &r);
	check_pagetables(&f, &r);
	/* start_info */
	si = start_info_of(&f, &r);
	CHECK(!strcmp(si->magic, "xen-3.0-x86_64"));
	CHECK_EQ(si->nr_pages, 8192);
	CHECK_EQ(si->shared_info, FAKE_SHARED_INFO_MFN << 12);
	CHECK_EQ(si->flags, 0);
	CHECK_EQ(si->store_mfn, r.p2m[l->xenstore_pfn]);
	CHECK_EQ(si->store_evtchn, 4);
	CHECK_EQ(si->console.domU.mfn, r.p2m[l->console_pfn]);
	CHECK_EQ(si->console.domU.evtchn, 3);
	CHECK_EQ(si->pt_base, xg_pfn_va(l, l->pt_pfn));
	CHECK_EQ(si->nr_pt_frames, l->nr_pt_frames);
	CHECK_EQ(si->mfn_list, xg_pfn_va(l, l->p2m_pfn));
	CHECK_EQ(si->mod_start, l->ramdisk_vstart);
	CHECK_EQ(si->mod_len, sizeof(ramdisk));
	CHECK(!strcmp((const char *)si->cmd_line, "console=hvc0 root=/dev/xvda"));
	CHECK_EQ(r.console_mfn, si->console.domU.mfn);
	CHECK_EQ(r.store_mfn, si->store_mfn);
	/* The hypercall page, the pin, the grants, shared_info. */
	CHECK_EQ(f.hypercall_mfn, r.p2m[l->kernel_pfn + 1]);
	CHECK_EQ(f.pinned_levels, 4);
	CHECK_EQ(f.pinned_mfn, r.p2m[l->pt_pfn]);
	gt = (const void *)f.gnttab;
	CHECK_EQ(gt[GNTTAB_RESERVED_CONSOLE].flags, GTF_permit_access);
	CHECK_EQ(gt[GNTTAB_RESERVED_CONSOLE].domid, 0);
	CHECK_EQ(gt[GNTTAB_RESERVED_CONSOLE].frame, r.console_mfn);
	CHECK_EQ(gt[GNTTAB_RESERVED_XENSTORE].flags, GTF_permit_access);
	CHECK_EQ(gt[GNTTAB_RESERVED_XENSTORE].frame, r.store_mfn);
	CHECK_EQ(gt[2].flags, 0);
	sh = (const void *)f.shared_info;
	for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		CHECK_EQ(sh->vcpu_info[i].evtchn_upcall_mask, 1);
	/* vCPU 0 */
	CHECK(f.context_set);
	CHECK_EQ(f.ctx.user_regs.rip, VIRT_BASE + KPADDR + 0x10);
	CHECK_EQ(f.ctx.user_regs.rsi, xg_pfn_va(l, l->start_info_pfn));
	CHECK_EQ(f.ctx.user_regs.rsp, xg_pfn_va(l, l->bootstack_pfn + 1));
	CHECK_EQ(f.ctx.kernel_sp, f.ctx.user_regs.rsp);
	CHECK_EQ(f.ctx.kernel_ss, FLAT_KERNEL_SS);
	CHECK_EQ(f.ctx.user_regs.cs, FLAT_KERNEL_CS);
	CHECK_EQ(f.ctx.user_regs.ss, FLAT_KERNEL_SS);
	CHECK_EQ(f.ctx.user_regs.ds, FLAT_KERNEL_DS);
	CHECK_EQ(f.ctx.user_regs.rflags, 0x200);
	CHECK_EQ(f.ctx.ctrlreg[3], r.p2m[l->pt_pfn] << 12);
	CHECK_EQ(f.ctx.flags, VGCF_in_kernel | VGCF_online);
	CHECK_EQ(f.ctx.event_callback_eip, 0);
	CHECK_EQ(f.ctx.failsafe_callback_eip, 0);
	free(r.p2m);
	fake_free(&f);
	free(elf);
	result("synthetic ELF: kernel, ramdisk, p2m/m2p, page tables, start_info, "
	       "grants, shared_info, pin and vCPU 0 as libxc");
}

static void t_grants_self(void)
{
	struct fake_dom f;
	struct xg_build_result r;
	struct xg_build_args a;
	size_t len;
	uint8_t *elf = good_elf(&len);
	const struct grant_entry_v1 *gt;

	cur_ok = true;
	fake_init(&f, 8192);
	a = args_for(elf, len, 8192);
	a.console_domid = 7;	/* the domain itself serves its console */
	a.store_domid = 1;
	a.cmdline = NULL;
	CHECK_EQ(xg_build(&fake_ops, &f, &a, &r, err, sizeof(err)), 0);
	gt = (const void *)f.gnttab;
	CHECK_EQ(gt[GNTTAB_RESERVED_CONSOLE].flags, 0);
	CHECK_EQ(gt[GNTTAB_RESERVED_XENSTORE].flags, GTF_permit_access);
	CHECK_EQ(gt[GNTTAB_RESERVED_XENSTORE].domid, 1);
	CHECK_EQ(start_info_of(&f, &r)->cmd_line[0], 0);
	CHECK_EQ(start_info_of(&f, &r)->mod_start, 0);
	free(r.p2m);
	fake_free(&f);
	free(elf);
	result("grants: none to the domain itself, the store's to its domain; "
	       "no cmdline, no ramdisk");
}

/* A refused image: errno, a message, and no call on the domain. */
static void refused(const char *name, const uint8_t *elf, size_t len, unsigned long pages,
		    int want_errno, const char *want_msg)
{
	struct fake_dom f;
	struct xg_build_result r;
	struct xg_build_args a = args_for(elf, len, pages);

	cur_ok = true;
	fake_init(&f, pages);
	errno = 0;
	err[0] = '\0';
	CHECK_EQ(xg_build(&fake_ops, &f, &a, &r, err, sizeof(err)), -1);
	CHECK_EQ(errno, want_errno);
	if (!strstr(err, want_msg)) {
		printf("#   message '%s', expected '%s' in it\n", err, want_msg);
		cur_ok = false;
	}
	CHECK_EQ(f.calls, 0);
	free(r.p2m);
	fake_free(&f);
	result(name);
}

static void t_refused_images(void)
{
	struct elf_opts o = { .notes = true };
	uint8_t *elf;
	size_t len;
	char longline[1100];
	struct fake_dom f;
	struct xg_build_result r;
	struct xg_build_args a;

	elf = good_elf(&len);
	refused("refused: truncated ELF", elf, 0x800, 8192, EINVAL, "past the end");
	refused("refused: ELF header only", elf, 40, 8192, EINVAL, "not an ELF");
	refused("refused: kernel larger than the memory", elf, len, 300, ENOMEM, "do not fit");
	memcpy(elf + 0x200 + 16, "xen-2.0", 7);
	refused("refused: XEN_VERSION not xen-3.0", elf, len, 8192, EINVAL, "XEN_VERSION");
	free(elf);
	o.machine = 3;
	elf = make_elf(&o, &len);
	refused("refused: a kernel for another machine (EM_386)", elf, len, 8192, ENOEXEC,
		"not one of these tools' guest types (xen-3.0-x86_64)");
	free(elf);
	o.machine = 0;
	o.notes = false;
	elf = make_elf(&o, &len);
	refused("refused: an ELF without Xen notes", elf, len, 8192, ENOEXEC, "no Xen ELF notes");
	free(elf);
	o.notes = true;
	o.memsz = 1ULL << 40;
	elf = make_elf(&o, &len);
	refused("refused: a segment reaching past the top of the address space", elf, len,
		8192, EINVAL, "past the top");
	free(elf);

	elf = good_elf(&len);
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	cur_ok = true;
	fake_init(&f, 8192);
	a = args_for(elf, len, 8192);
	a.cmdline = longline;
	CHECK_EQ(xg_build(&fake_ops, &f, &a, &r, err, sizeof(err)), -1);
	CHECK_EQ(errno, EINVAL);
	CHECK(strstr(err, "command line") != NULL);
	CHECK_EQ(f.calls, 0);
	fake_free(&f);
	free(elf);
	result("refused: a command line longer than 1023 bytes");
}

/* A hypervisor call that fails: its errno and a message naming it. */
static void t_failing_calls(void)
{
	static const struct { const char *op; const char *msg; } ops[] = {
		{ "caps", "XENVER_capabilities" },
		{ "shared_info", "domain 7" },
		{ "populate", "populating" },
		{ "map", "mapping" },
		{ "hypercall_init", "hypercall page" },
		{ "gnttab_frame", "GNTTABOP_setup_table" },
		{ "pin_table", "pinning the L4" },
		{ "set_context", "vCPU 0" },
	};
	unsigned int i;
	size_t len;
	uint8_t *elf = good_elf(&len);

	cur_ok = true;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		struct fake_dom f;
		struct xg_build_result r;
		struct xg_build_args a = args_for(elf, len, 8192);

		fake_init(&f, 8192);
		f.fail = ops[i].op;
		f.fail_errno = EPERM;
		errno = 0;
		CHECK_EQ(xg_build(&fake_ops, &f, &a, &r, err, sizeof(err)), -1);
		CHECK_EQ(errno, EPERM);
		if (!strstr(err, ops[i].msg) || !strstr(err, strerror(EPERM))) {
			printf("#   %s: message '%s'\n", ops[i].op, err);
			cur_ok = false;
		}
		CHECK_EQ(f.maps, 0);
		CHECK(!f.context_set);
		free(r.p2m);
		fake_free(&f);
	}
	free(elf);
	result("a failing hypervisor call stops the build with its errno and names it");
}

/* --- kernel files and formats --------------------------------------- */

static int gzip_buf(const uint8_t *in, size_t len, uint8_t *out, size_t *out_len)
{
	z_stream s = { 0 };
	int rc;

	if (deflateInit2(&s, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	s.next_in = (Bytef *)in;
	s.avail_in = len;
	s.next_out = out;
	s.avail_out = *out_len;
	rc = deflate(&s, Z_FINISH);
	*out_len = s.total_out;
	deflateEnd(&s);
	return rc == Z_STREAM_END ? 0 : -1;
}

static void t_files(void)
{
	struct xg_kernel k;
	size_t len, glen = 65536;
	uint8_t *elf = good_elf(&len), gz[65536];

	cur_ok = true;
	errno = 0;
	CHECK_EQ(xg_kernel_load(&k, scratch("does-not-exist"), err, sizeof(err)), -1);
	CHECK_EQ(errno, ENOENT);
	CHECK(strstr(err, "does-not-exist") != NULL);
	CHECK_EQ(xg_kernel_load(&k, getenv("XG_TESTDATA") ? getenv("XG_TESTDATA") : "/tmp",
				err, sizeof(err)), -1);
	CHECK_EQ(errno, EISDIR);
	write_file(scratch("empty"), "", 0);
	CHECK_EQ(xg_kernel_load(&k, scratch("empty"), err, sizeof(err)), -1);
	CHECK_EQ(errno, ENOEXEC);
	write_file(scratch("text"), "#!/bin/sh\necho not a kernel\n", 28);
	CHECK_EQ(xg_kernel_load(&k, scratch("text"), err, sizeof(err)), -1);
	CHECK_EQ(errno, ENOEXEC);
	CHECK(strstr(err, "not an ELF, a gzipped ELF or a bzImage") != NULL);
	/* An ELF as is, and gzipped. */
	write_file(scratch("synthetic.elf"), elf, len);
	CHECK_EQ(xg_kernel_load(&k, scratch("synthetic.elf"), err, sizeof(err)), 0);
	CHECK(k.elf_len == len && !memcmp(k.elf, elf, len));
	xg_kernel_free(&k);
	CHECK_EQ(gzip_buf(elf, len, gz, &glen), 0);
	write_file(scratch("synthetic.elf.gz"), gz, glen);
	CHECK_EQ(xg_kernel_load(&k, scratch("synthetic.elf.gz"), err, sizeof(err)), 0);
	CHECK(k.elf_len == len && !memcmp(k.elf, elf, len));
	xg_kernel_free(&k);
	/* A damaged gzip stream: the CRC catches it. */
	gz[glen / 2] ^= 0x55;
	write_file(scratch("damaged.elf.gz"), gz, glen);
	CHECK_EQ(xg_kernel_load(&k, scratch("damaged.elf.gz"), err, sizeof(err)), -1);
	CHECK_EQ(errno, EINVAL);
	CHECK(strstr(err, "damaged") != NULL);
	write_file(scratch("truncated.elf.gz"), gz, glen / 2);
	CHECK_EQ(xg_kernel_load(&k, scratch("truncated.elf.gz"), err, sizeof(err)), -1);
	CHECK_EQ(errno, EINVAL);
	free(elf);
	result("files: missing (ENOENT), a directory (EISDIR), empty or text (ENOEXEC), "
	       "ELF and gzipped ELF read, damaged and truncated gzip refused (EINVAL)");
}

static uint8_t *slurp(const char *path, size_t *len)
{
	uint8_t *buf;

	if (xg_read_file(path, "file", 1UL << 30, &buf, len, err, sizeof(err)))
		return NULL;
	return buf;
}

static void t_bzimage(const char *fmt)
{
	const char *mk = getenv("MKBZIMAGE");
	char cmd[2048], name[128];
	struct xg_kernel k;
	size_t len, blen;
	uint8_t *elf = good_elf(&len), *bz;
	const char *out = scratch("bz");

	snprintf(name, sizeof(name), "bzImage with a %s payload: unpacked; damaged and "
		 "truncated refused", fmt);
	cur_ok = true;
	write_file(scratch("synthetic.elf"), elf, len);
	snprintf(cmd, sizeof(cmd), "python3 %s %s %s %s >/dev/null 2>&1", mk ? mk : "mkbzimage.py",
		 fmt, scratch("synthetic.elf"), out);
	if (!mk || system(cmd)) {
		skip(name, "scripts/qemu/mkbzimage.py or the compressor is missing");
		free(elf);
		return;
	}
	CHECK_EQ(xg_kernel_load(&k, out, err, sizeof(err)), 0);
	if (!cur_ok)
		printf("#   %s\n", err);
	CHECK(k.bzimage);
	CHECK(k.elf_len == len && !memcmp(k.elf, elf, len));
	xg_kernel_free(&k);
	bz = slurp(out, &blen);
	CHECK(bz != NULL);
	if (bz) {
		/* The payload, from the setup header. */
		size_t start = (bz[0x1f1] + 1) * 512 + *(uint32_t *)(bz + 0x248);
		size_t plen = *(uint32_t *)(bz + 0x24c);
		/*
		 * Damage it: in the middle, where the stream's check (gzip's
		 * CRC32, XZ's CRC32, zstd's block structure) finds it; LZ4's
		 * legacy frames have no check, so there the first block's size.
		 */
		size_t at = strcmp(fmt, "lz4") ? start + plen / 2 : start + 6;

		bz[at] ^= 0xa5;
		bz[at + 1] ^= 0x5a;
		write_file(scratch("bz-damaged"), bz, blen);
		errno = 0;
		CHECK_EQ(xg_kernel_load(&k, scratch("bz-damaged"), err, sizeof(err)), -1);
		CHECK_EQ(errno, EINVAL);
		CHECK(strstr(err, "damaged") != NULL);
		write_file(scratch("bz-truncated"), bz, start + plen / 2);
		CHECK_EQ(xg_kernel_load(&k, scratch("bz-truncated"), err, sizeof(err)), -1);
		CHECK_EQ(errno, EINVAL);
		CHECK(strstr(err, "truncated") != NULL);
		write_file(scratch("bz-header"), bz, 0x230);
		CHECK_EQ(xg_kernel_load(&k, scratch("bz-header"), err, sizeof(err)), -1);
		CHECK_EQ(errno, EINVAL);
		free(bz);
	}
	free(elf);
	result(name);
}

/* A real kernel: built on a domain of mem_mb, checked as the synthetic one. */
static void t_real(const char *env, const char *what, unsigned long mem_mb,
		   const char *want_os)
{
	const char *path = getenv(env);
	struct xg_kernel k;
	struct fake_dom f;
	struct xg_build_result r;
	struct xg_build_args a;
	char name[128];

	snprintf(name, sizeof(name), "%s builds: layout, page tables, p2m/m2p, start_info",
		 what);
	if (!path || !*path || access(path, R_OK)) {
		skip(name, env);
		return;
	}
	cur_ok = true;
	if (xg_kernel_load(&k, path, err, sizeof(err))) {
		printf("#   %s\n", err);
		cur_ok = false;
		result(name);
		return;
	}
	fake_init(&f, mem_mb << 8);
	a = args_for(k.elf, k.elf_len, mem_mb << 8);
	CHECK_EQ(xg_build(&fake_ops, &f, &a, &r, err, sizeof(err)), 0);
	if (!cur_ok) {
		printf("#   %s\n", err);
	} else {
		printf("# %s: guest_os %s, loader %s, entry %#llx, kernel pfn %#lx+%#lx, "
		       "%lu table frames, region %lu pages\n", what, r.guest_os, r.loader,
		       (unsigned long long)r.entry, r.layout.kernel_pfn, r.layout.kernel_pages,
		       r.layout.nr_pt_frames, r.layout.region_pages);
		CHECK(!strcmp(r.guest_os, want_os));
		check_p2m(&f, &r);
		check_pagetables(&f, &r);
		CHECK(f.context_set);
	}
	free(r.p2m);
	fake_free(&f);
	xg_kernel_free(&k);
	result(name);
}

int main(void)
{
	printf("TAP version 13\n1..20\n");
	t_layout_libxc();
	t_layout_refused();
	t_build_synthetic();
	t_grants_self();
	t_refused_images();		/* 8 */
	t_failing_calls();
	t_files();
	t_bzimage("gzip");
	t_bzimage("xz");
	t_bzimage("lz4");
	t_bzimage("zstd");
	t_real("KERNEL_XEN", "kernel-xen", 64, "kernel-xen");
	t_real("LINUX_BZIMAGE", "Debian's Linux bzImage", 256, "linux");
	printf("# %u tests, %u failed, %u skipped\n", test_nr, failed, skipped);
	return failed ? 1 : 0;
}
