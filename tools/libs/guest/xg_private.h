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
 * of 512 8-byte entries; 32-bit PAE (3 levels, 4-entry top) and 2-level
 * x86_32 fit the same description (issue 17).
 */
struct xg_paging {
	unsigned int levels;
	unsigned int entry_size;	/* bytes: 8, or 4 for 2-level */
	unsigned int level_shift;	/* 9 or 10 */
	uint64_t vaddr_mask;		/* the virtual address bits */
	uint64_t prot[4];		/* entry flags, by level (0: L1) */
	const char *guest_type;		/* start_info's magic */
};

extern const struct xg_paging xg_paging_x86_64;

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
