/*
 * Xen ELF notes.  Each note is namesz, descsz, type, then the name and the
 * descriptor, each padded to 4 bytes; both must fit the segment.  Notes of
 * other owners and Xen note types this builder does not use are skipped;
 * a known type with a descriptor of the wrong form is refused.
 */
#include <public/elfnote.h>
#include "libelf-private.h"

static int note_number(struct elf_image *img, u32 type, const u8 *desc, u64 len,
		       u64 *val, bool *set)
{
	if (len == 8)
		*val = elf_rd64(desc);
	else if (len == 4)
		*val = elf_rd32(desc);
	else
		return elf_refuse(img, "Xen note %u: %llu-byte number (4 or 8 expected)",
				  type, (unsigned long long)len);
	if (set)
		*set = true;
	return 0;
}

/*
 * A string note into its slot: up to its first NUL or its descriptor's
 * end (as Xen's libelf reads them), so never past the descriptor.
 */
static int note_string(struct elf_image *img, u32 type, const u8 *desc, u64 len,
		       unsigned int slot, const char **str)
{
	char *copy = img->xen.strings[slot];
	size_t n = strnlen((const char *)desc, len);

	if (n >= ELF_NOTE_STR_MAX)
		return elf_refuse(img, "Xen note %u: string of %zu bytes (at most %u)", type,
				  n, ELF_NOTE_STR_MAX - 1);
	memcpy(copy, desc, n);
	copy[n] = '\0';
	*str = copy;
	return 0;
}

static int xen_note(struct elf_image *img, u32 type, const u8 *desc, u64 len)
{
	struct elf_xen_notes *x = &img->xen;
	u64 v;
	int rc;

	x->nr_notes++;
	switch (type) {
	case XEN_ELFNOTE_ENTRY:
		return note_number(img, type, desc, len, &x->entry, &x->entry_set);
	case XEN_ELFNOTE_HYPERCALL_PAGE:
		return note_number(img, type, desc, len, &x->hypercall_page,
				   &x->hypercall_page_set);
	case XEN_ELFNOTE_VIRT_BASE:
		return note_number(img, type, desc, len, &x->virt_base, &x->virt_base_set);
	case XEN_ELFNOTE_PADDR_OFFSET:
		return note_number(img, type, desc, len, &x->paddr_offset,
				   &x->paddr_offset_set);
	case XEN_ELFNOTE_HV_START_LOW:
		return note_number(img, type, desc, len, &x->hv_start_low,
				   &x->hv_start_low_set);
	case XEN_ELFNOTE_INIT_P2M:
		return note_number(img, type, desc, len, &x->init_p2m, &x->init_p2m_set);
	case XEN_ELFNOTE_SUSPEND_CANCEL:
	case XEN_ELFNOTE_MOD_START_PFN:
		rc = note_number(img, type, desc, len, &v, NULL);
		if (!rc && type == XEN_ELFNOTE_MOD_START_PFN)
			x->mod_start_pfn = v;
		if (!rc && type == XEN_ELFNOTE_SUSPEND_CANCEL)
			x->suspend_cancel = v;
		return rc;
	case XEN_ELFNOTE_SUPPORTED_FEATURES:
		if (len != 4)
			return elf_refuse(img, "Xen note %u: %llu bytes (4 expected)", type,
					  (unsigned long long)len);
		x->supported_features = elf_rd32(desc);
		x->supported_features_set = true;
		return 0;
	case XEN_ELFNOTE_L1_MFN_VALID:
		if (len != 8 && len != 16)
			return elf_refuse(img, "Xen note %u: %llu bytes (8 or 16 expected)",
					  type, (unsigned long long)len);
		note_number(img, type, desc, len / 2, &x->l1_mfn_valid[0], NULL);
		return note_number(img, type, desc + len / 2, len / 2,
				   &x->l1_mfn_valid[1], NULL);
	case XEN_ELFNOTE_XEN_VERSION:
		return note_string(img, type, desc, len, 0, &x->xen_version);
	case XEN_ELFNOTE_GUEST_OS:
		return note_string(img, type, desc, len, 1, &x->guest_os);
	case XEN_ELFNOTE_GUEST_VERSION:
		return note_string(img, type, desc, len, 2, &x->guest_version);
	case XEN_ELFNOTE_LOADER:
		return note_string(img, type, desc, len, 3, &x->loader);
	case XEN_ELFNOTE_PAE_MODE:
		return note_string(img, type, desc, len, 4, &x->pae_mode);
	case XEN_ELFNOTE_FEATURES:
		return note_string(img, type, desc, len, 5, &x->features);
	}
	return 0;	/* a type this builder has no use for */
}

int elf_parse_notes(struct elf_image *img, const u8 *notes, u64 len)
{
	u64 pos = 0;
	unsigned int n = 0;

	while (len - pos >= 12) {
		u32 namesz = elf_rd32(notes + pos);
		u32 descsz = elf_rd32(notes + pos + 4);
		u32 type = elf_rd32(notes + pos + 8);
		u64 name = pos + 12;
		u64 desc = name + ((namesz + 3ULL) & ~3ULL);
		u64 next = desc + ((descsz + 3ULL) & ~3ULL);
		int rc;

		/* 64-bit sums of 32-bit sizes cannot wrap; compare with len. */
		if (desc > len || desc + descsz > len)
			return elf_refuse(img, "note %u runs past the end of its segment", n);
		if (namesz == 4 && !memcmp(notes + name, "Xen", 4)) {
			rc = xen_note(img, type, notes + desc, descsz);
			if (rc)
				return rc;
		}
		n++;
		pos = next > len ? len : next;
	}
	/* Trailing bytes too few for a note header are padding, as for Xen. */
	return 0;
}
