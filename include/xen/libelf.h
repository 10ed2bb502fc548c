/*
 * libelf: read a guest kernel image (ELF32 or ELF64, little endian) and its
 * Xen notes, check it, and load it.  Used by the domain builder; also
 * compiled for the host (unit tests, fuzzing), so it depends on nothing
 * but lib/.
 *
 * Decode, then act: elf_parse() and elf_xen_check() look at the image and
 * either fill in a description or return -EINVAL with a message naming
 * what is wrong; elf_load() then copies what was checked.  A hostile image
 * (overlapping or huge segments, notes past the end, an entry outside the
 * image) is refused before anything is loaded.
 */
#ifndef XEN_LIBELF_H
#define XEN_LIBELF_H

#include <lib/types.h>

#define ELF_MAX_SEGMENTS	16
#define ELF_ERR_LEN		128

struct elf_segment {
	u64 offset;		/* in the file */
	u64 filesz;
	u64 paddr;		/* where it is loaded (p_paddr) */
	u64 memsz;		/* filesz bytes copied, the rest zeroed */
	u64 vaddr;
};

/* The longest string note accepted, NUL included. */
#define ELF_NOTE_STR_MAX	256

/* The Xen notes that the builder uses; *_set says the note was present. */
struct elf_xen_notes {
	u64 entry;
	u64 hypercall_page;
	u64 virt_base;
	u64 paddr_offset;
	u64 hv_start_low;
	u64 init_p2m;
	u64 l1_mfn_valid[2];
	u32 supported_features;
	bool entry_set, hypercall_page_set, virt_base_set, paddr_offset_set;
	bool hv_start_low_set, init_p2m_set, mod_start_pfn, suspend_cancel;
	bool supported_features_set;
	/*
	 * The string notes, NUL-terminated copies (Linux ends FEATURES at its
	 * descriptor's size, without a NUL); NULL if absent.
	 */
	const char *xen_version;
	const char *guest_os;
	const char *guest_version;
	const char *loader;
	const char *pae_mode;
	const char *features;
	unsigned int nr_notes;		/* Xen notes seen */
	char strings[6][ELF_NOTE_STR_MAX];	/* where the copies are */
};

struct elf_image {
	const u8 *data;
	size_t size;
	bool is64;
	u16 machine;		/* EM_X86_64, EM_386, EM_IA_64 */
	u64 e_entry;
	unsigned int nr_segments;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
	struct elf_xen_notes xen;
	char err[ELF_ERR_LEN];	/* why the last call failed */
};

#define EM_386		3
#define EM_IA_64	50
#define EM_X86_64	62

/*
 * Where the kernel goes in the guest's virtual space, worked out from the
 * notes as Xen does: virt_offset = virt_base - paddr_offset, and the
 * kernel spans [min(p_paddr), max(p_paddr + p_memsz)) + virt_offset.
 */
struct elf_xen_layout {
	u64 virt_base;
	u64 virt_offset;
	u64 virt_kstart, virt_kend;
	u64 virt_entry;
	u64 virt_hypercall;	/* 0 without a HYPERCALL_PAGE note */
	u64 pstart, pend;	/* the physical span of the segments */
};

/*
 * Check the ELF headers, program headers and notes of size bytes at data,
 * which must stay valid while img is used.  max_span limits the physical
 * span of the loadable segments (a guest cannot ask for more memory than
 * it will have).  0, or -EINVAL with img->err set.
 */
int elf_parse(struct elf_image *img, const void *data, size_t size, u64 max_span);

/*
 * The guest type a parsed image is, as Xen's tools name it and as its
 * start_info's magic says: "xen-3.0-x86_64"; for an ELF32 x86 kernel
 * "xen-3.0-x86_32p" if its PAE_MODE note says PAE ("yes", "yes[...]",
 * "bimodal"), else "xen-3.0-x86_32"; "xen-3.0-ia64"; NULL for any other
 * machine or class.
 */
const char *elf_xen_guest_type(const struct elf_image *img);

/* Is type one of the space-separated words of caps (XENVER_capabilities)? */
bool elf_xen_type_in_caps(const char *type, const char *caps);

/*
 * Check the Xen notes as a PV domain builder must (a guest type among the
 * hypervisor's capabilities, loader or guest OS, Xen version, the
 * features the guest requires, the entry and hypercall page inside the
 * image) and compute the layout.  caps is the space-separated list of
 * guest types the hypervisor runs (XENVER_capabilities' words, e.g.
 * "xen-3.0-x86_64").  0, or -EINVAL with img->err set.
 */
int elf_xen_check(struct elf_image *img, const char *caps, struct elf_xen_layout *layout);

/*
 * Copy every segment: copy(ctx, paddr, src, len) for the file bytes and
 * zero(ctx, paddr, len) for the rest of memsz.  Returns the first error a
 * callback returns, else 0.
 */
int elf_load(const struct elf_image *img, void *ctx,
	     int (*copy)(void *ctx, u64 paddr, const void *src, u64 len),
	     int (*zero)(void *ctx, u64 paddr, u64 len));

/*
 * Whether the FEATURES note is acceptable: every name it marks required
 * ('!' prefix) must be in supported ('|'-separated names).  0 or -EINVAL
 * with the unknown name in err.
 */
int elf_xen_check_features(const char *features, const char *supported,
			   char *err, size_t errlen);

#endif /* XEN_LIBELF_H */
