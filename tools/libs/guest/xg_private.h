/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * libxenguest's insides.  The builder (xg_build.c) works on a "domain
 * memory" back end, struct xg_dom_ops: libxenctrl's (xg_xc.c) for real
 * domains, an in-memory fake for the host unit tests
 * (tools/testing/selftests/libxenguest).  Everything above the back end,
 * image parsing, layout, page tables and start_info, is plain host code.
 */
#ifndef XG_PRIVATE_H
#define XG_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/xen.h>

#define XG_PAGE_SHIFT	12
#define XG_PAGE_SIZE	(1ULL << XG_PAGE_SHIFT)

/* What the builder needs of a domain; each returns 0 or -1 with errno. */
struct xg_dom_ops {
	/* The guest types the hypervisor runs (XENVER_capabilities' words). */
	int (*caps)(void *ctx, char *buf, size_t len);
	/* Populate pfns[0..nr): each entry in a pfn, out the mfn given. */
	int (*populate)(void *ctx, unsigned long nr, xen_pfn_t *pfns);
	/* Map nr machine frames read-write, contiguously; NULL + errno. */
	void *(*map)(void *ctx, const xen_pfn_t *mfns, unsigned long nr);
	void (*unmap)(void *ctx, void *addr, unsigned long nr);
	/* The machine frame of the domain's shared_info page. */
	int (*shared_info)(void *ctx, xen_pfn_t *mfn);
	/* The machine frame of the first grant-table frame. */
	int (*gnttab_frame)(void *ctx, xen_pfn_t *mfn);
	/* XEN_DOMCTL_hypercall_init with this machine frame. */
	int (*hypercall_init)(void *ctx, xen_pfn_t mfn);
	/* MMUEXT_PIN_L<levels>_TABLE of this machine frame. */
	int (*pin_table)(void *ctx, unsigned int levels, xen_pfn_t mfn);
	int (*set_context)(void *ctx, const struct vcpu_guest_context *c);
};

/* --- the kernel image (xg_image.c) ------------------------------------ */

enum xg_format { XG_FMT_ELF, XG_FMT_GZIP, XG_FMT_XZ, XG_FMT_LZ4, XG_FMT_ZSTD };

struct xg_kernel {
	uint8_t *file;		/* the file as read */
	size_t file_len;
	uint8_t *elf;		/* the ELF: file itself, or the unpacked payload */
	size_t elf_len;
	bool bzimage;
	enum xg_format format;	/* of the ELF's container */
};

/*
 * Read a whole file (at most max bytes).  0, or -1 with errno and err.
 * *buf is malloc()ed.
 */
int xg_read_file(const char *path, const char *what, size_t max, uint8_t **buf,
		 size_t *len, char *err, size_t errlen);
/* The ELF inside an image in memory (takes over buf). */
int xg_kernel_unpack(struct xg_kernel *k, uint8_t *buf, size_t len, char *err,
		     size_t errlen);
int xg_kernel_load(struct xg_kernel *k, const char *path, char *err, size_t errlen);
void xg_kernel_free(struct xg_kernel *k);
/* Decompress a stream whose unpacked size is known (out_len). */
int xg_decompress(enum xg_format f, const uint8_t *in, size_t in_len, uint8_t *out,
		  size_t out_len, char *err, size_t errlen);
enum xg_format xg_detect(const uint8_t *p, size_t len);
const char *xg_format_name(enum xg_format f);

/* --- the virtual layout (xg_layout.c) --------------------------------- */

/*
 * A paging mode: the page-table builder's parameters.  x86_64: 4 levels
 * of 512 8-byte entries; 32-bit PAE: 3 levels of 8-byte entries (the top
 * one's 4 used); 2-level x86_32: 1024 4-byte entries (xg_arch_*.c).
 */
struct xg_paging {
	unsigned int levels;
	unsigned int entry_size;	/* bytes: 8, or 4 for 2-level */
	unsigned int level_shift;	/* 9 or 10 */
	uint64_t vaddr_mask;		/* the virtual address bits */
	uint64_t prot[4];		/* entry flags, by level (0: L1) */
	const char *guest_type;		/* start_info's magic */
	unsigned int word_size;		/* the guest's long: a p2m entry's bytes */
	uint64_t frame_mask;		/* an entry's frame address bits */
	/* The initial region must end below (the hypervisor's range); 0: no limit. */
	uint64_t region_limit;
	/*
	 * The region must reach this address, or 0: PAE's L3 slot 3 must
	 * link an L2 (the one the hypervisor's slots are copied into).
	 */
	uint64_t region_reach;
};

/* --- the guest's architecture (xg_arch_*.c) --------------------------- */

/*
 * What differs between the kinds of PV guest, as libxc's arch hooks
 * (xg_dom_x86.c, xg_sr_*_x86_pv.c) keep it: the paging mode, the width
 * of the guest's p2m entries, where vCPU state lives in the context
 * layout, cr3's form and the hypervisor's page-table slots.  One file per
 * context layout, built for the tools' own: xg_arch_x86_64.c in x86_64
 * tools (x86_64 guests), xg_arch_x86_32.c in i386 tools, which the
 * 32-bit hypervisors run (x86_32 and x86_32p guests).  The vCPU context
 * is the public headers' of that layout, struct vcpu_guest_context.
 */
struct xg_guest_arch {
	const struct xg_paging *pg;
	/* vCPU 0 at the kernel's entry, rsi/esi at start_info. */
	void (*boot_context)(struct vcpu_guest_context *c, uint64_t entry,
			     uint64_t stack, uint64_t start_info);
	/* ctrlreg[3] of a table's machine frame, and back. */
	unsigned long (*pfn_to_cr3)(xen_pfn_t mfn);
	xen_pfn_t (*cr3_to_pfn)(unsigned long cr3);
	/*
	 * Is entry idx of a table of this level the hypervisor's (filled in
	 * by it when the table is validated: cleared in a save image)?
	 * own: the entry's frame is the domain's (true: is it the
	 * hypervisor's whatever it holds).
	 */
	bool (*hv_entry)(unsigned int level, unsigned int idx, bool own);
	/* The suspend record: start_info's frame, in edx/rdx (Linux's convention). */
	xen_pfn_t (*suspend_record)(const struct vcpu_guest_context *c);
	void (*set_suspend_record)(struct vcpu_guest_context *c, xen_pfn_t pfn);
	/* A hypercall's return value (eax/rax), for a cancelled suspend. */
	void (*set_return)(struct vcpu_guest_context *c, unsigned long val);
};

/* Each defined by its xg_arch_*.c: only the tools' own are linked. */
extern const struct xg_paging xg_paging_x86_64, xg_paging_x86_32, xg_paging_x86_32p;

/* The kinds of guest these tools build, save and restore; NULL-terminated. */
extern const struct xg_guest_arch *const xg_guest_arches[];

/* By start_info's magic / the ELF's guest type ("xen-3.0-x86_32p"); NULL: none. */
const struct xg_guest_arch *xg_arch_by_type(const char *type);
/* By a save image's guest width and page-table levels; NULL: none. */
const struct xg_guest_arch *xg_arch_by_shape(unsigned int width, unsigned int levels);
/* The first the hypervisor runs, by its XENVER_capabilities; NULL: none. */
const struct xg_guest_arch *xg_arch_of_caps(const char *caps);
/* "xen-3.0-x86_64", or "xen-3.0-x86_32 xen-3.0-x86_32p": for messages. */
const char *xg_arch_types(void);

struct xg_pt_level {
	uint64_t from, to;	/* masked virtual range its tables cover (inclusive) */
	unsigned long pfn;	/* its first table */
	unsigned long tables;
};

/* Where each thing is: pfns from 0 at virt_base, as libxc's xc_dom_x86.c. */
struct xg_layout {
	const struct xg_paging *pg;
	unsigned long nr_pages;
	uint64_t virt_base;
	uint64_t kernel_vstart, kernel_vend;
	unsigned long kernel_pfn, kernel_pages;
	uint64_t ramdisk_vstart, ramdisk_len;	/* 0, 0 without one */
	unsigned long ramdisk_pfn;
	uint64_t p2m_vstart;
	unsigned long p2m_pfn, p2m_pages;
	unsigned long start_info_pfn, xenstore_pfn, console_pfn;
	unsigned long pt_pfn, nr_pt_frames;
	unsigned long bootstack_pfn;
	uint64_t virt_pgtab_end;	/* the end of what the tables map */
	unsigned long region_pages;	/* (virt_pgtab_end - virt_base) pages */
	struct xg_pt_level lvl[4];
};

/*
 * Lay out a domain of nr_pages pages whose kernel spans [kstart, kend)
 * from virt_base.  0, or -1 with errno (ENOMEM: does not fit; EINVAL:
 * addresses that wrap) and err set.
 */
int xg_layout(struct xg_layout *l, const struct xg_paging *pg, uint64_t virt_base,
	      uint64_t kstart, uint64_t kend, uint64_t ramdisk_len,
	      unsigned long nr_pages, char *err, size_t errlen);
static inline uint64_t xg_pfn_va(const struct xg_layout *l, unsigned long pfn)
{
	return l->virt_base + ((uint64_t)pfn << XG_PAGE_SHIFT);
}

/* Entry idx of a page table of this paging mode. */
static inline uint64_t xg_pte_get(const struct xg_paging *pg, const void *table,
				  unsigned int idx)
{
	return pg->entry_size == 8 ? ((const uint64_t *)table)[idx] :
				     ((const uint32_t *)table)[idx];
}

static inline void xg_pte_set(const struct xg_paging *pg, void *table, unsigned int idx,
			      uint64_t val)
{
	if (pg->entry_size == 8)
		((uint64_t *)table)[idx] = val;
	else
		((uint32_t *)table)[idx] = (uint32_t)val;
}

/*
 * Write the page tables into tables (nr_pt_frames pages, zeroed, pfn
 * pt_pfn on), mapping the region through p2m.
 */
void xg_build_pagetables(const struct xg_layout *l, const xen_pfn_t *p2m, void *tables);

/* --- the builder (xg_build.c) ----------------------------------------- */

struct xg_build_args {
	const uint8_t *elf;		/* the kernel's ELF */
	size_t elf_len;
	const uint8_t *ramdisk;
	size_t ramdisk_len;
	const char *cmdline;
	unsigned long nr_pages;
	uint32_t domid;
	uint32_t console_domid, store_domid;
	uint32_t console_evtchn, store_evtchn;
};

struct xg_build_result {
	struct xg_layout layout;
	xen_pfn_t *p2m;			/* nr_pages entries, malloc()ed */
	xen_pfn_t console_mfn, store_mfn;
	uint64_t entry;
	char guest_os[16], loader[16];
};

int xg_build(const struct xg_dom_ops *ops, void *ctx, const struct xg_build_args *a,
	     struct xg_build_result *r, char *err, size_t errlen);

/* Format a message into err; returns -1 with errno set to e. */
int xg_fail(char *err, size_t errlen, int e, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif /* XG_PRIVATE_H */
