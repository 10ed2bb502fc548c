/*
 * Where the domain 0 builder puts things (pv-abi B.2): a pure function of
 * the kernel's extent, the memory size, the initrd and two notes, so that
 * the host can check it against Xen's real layouts
 * (tools/testing/selftests/pvlayout/).
 */
#ifndef ARCH_X86_PV_DOM0_LAYOUT_H
#define ARCH_X86_PV_DOM0_LAYOUT_H

#include <lib/types.h>

struct pv_layout_in {
	u64 virt_base;			/* v_start */
	u64 virt_kend;			/* the end of the kernel image */
	unsigned long nr_pages;		/* the domain's memory */
	u64 initrd_len;			/* 0: no initrd */
	u64 p2m_base;			/* XEN_ELFNOTE_INIT_P2M, if init_p2m */
	bool init_p2m;
	bool unmapped_initrd;		/* XEN_ELFNOTE_MOD_START_PFN */
	unsigned int p2m_entry_size;	/* a 32-bit guest's: 4; 0: 8 */
};

struct pv_layout {
	u64 v_start, v_end;		/* the initial region */
	u64 vinitrd_start, vinitrd_end;	/* 0, 0 when not mapped */
	unsigned long initrd_pfn;	/* where the initrd's pages are */
	bool initrd_unmapped;		/* mod_start = initrd_pfn, SIF_MOD_START_PFN */
	u64 vphysmap_start, vphysmap_end;
	u64 vstartinfo_start;
	u64 vpt_start;
	unsigned long nr_pt_frames;	/* of the initial region */
	u64 vstack_end;
	/*
	 * With INIT_P2M: the p2m's page-table frames, then its data frames,
	 * are the pfns [first_p2m_pfn, first_p2m_pfn + nr_p2m_frames).
	 */
	bool p2m_outside;
	bool p2m_note_ignored;		/* INIT_P2M given but unusable */
	unsigned long first_p2m_pfn, nr_p2m_frames, nr_p2m_pt_frames;
};

/* Page-table frames (L3, L2, L1) that map [s, e), without the L4. */
unsigned long pv_pt_frames(u64 s, u64 e);

/*
 * Lay out domain 0.  0; -EINVAL if the region wraps; -ENOMEM if it does
 * not fit in nr_pages.  An INIT_P2M address that is not page aligned,
 * not canonical, in the hypervisor's L4 slots or in an L4 slot of the
 * initial region is ignored (p2m_note_ignored) and the p2m goes in the
 * initial region, as without the note.
 */
int pv_dom0_layout(const struct pv_layout_in *in, struct pv_layout *out);

#endif /* ARCH_X86_PV_DOM0_LAYOUT_H */
