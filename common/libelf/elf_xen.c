/*
 * What a PV domain builder requires of the notes, and where the kernel
 * goes, worked out as Xen's libelf does (elf_xen_addr_calc_check).
 */
#include "libelf-private.h"

#define PAGE_SIZE_4K	4096ULL

/* Is the '|'-separated list of names in list? */
static bool name_in_list(const char *name, size_t len, const char *list)
{
	while (*list) {
		size_t n = strcspn(list, "|");

		if (n == len && !strncmp(list, name, len))
			return true;
		list += n + (list[n] == '|');
	}
	return false;
}

int elf_xen_check_features(const char *features, const char *supported,
			   char *err, size_t errlen)
{
	while (features && *features) {
		size_t n = strcspn(features, "|");
		bool required = features[0] == '!';

		if (required && !name_in_list(features + 1, n - 1, supported)) {
			snprintf(err, errlen, "the kernel requires feature '%.*s', "
				 "which this hypervisor does not offer", (int)(n - 1),
				 features + 1);
			return -EINVAL;
		}
		features += n + (features[n] == '|');
	}
	return 0;
}

/* Features a PV guest may require of this hypervisor. */
static const char pv_features[] =
	"writable_page_tables|writable_descriptor_tables|pae_pgdir_above_4gb|"
	"mmu_pt_update_preserve_ad|highmem_assist|gnttab_map_avail_bits|dom0|"
	"memory_op_vnode_supported|linux_rsdp_unrestricted|direct_mapped";

/*
 * The PAE_MODE values that make a 32-bit kernel a PAE one, as Xen's
 * libelf reads them: "yes", "yes[extended-cr3]" (its L3 may sit above
 * 4 GiB) and "bimodal" (it runs either way, and takes PAE when offered).
 */
static bool pae_kernel(const char *pae_mode)
{
	return pae_mode && (!strncmp(pae_mode, "yes", 3) || !strcmp(pae_mode, "bimodal"));
}

const char *elf_xen_guest_type(const struct elf_image *img)
{
	switch (img->machine) {
	case EM_X86_64:
		return img->is64 ? "xen-3.0-x86_64" : NULL;
	case EM_386:
		if (img->is64)
			return NULL;
		return pae_kernel(img->xen.pae_mode) ? "xen-3.0-x86_32p" : "xen-3.0-x86_32";
	case EM_IA_64:
		return img->is64 ? "xen-3.0-ia64" : NULL;
	}
	return NULL;
}

/* What a guest type is, for a refusal a person can act on. */
static const char *type_name(const char *type)
{
	if (!strcmp(type, "xen-3.0-x86_32p"))
		return "32-bit PAE";
	if (!strcmp(type, "xen-3.0-x86_32"))
		return "32-bit, 2-level paging";
	if (!strcmp(type, "xen-3.0-x86_64"))
		return "64-bit";
	return "IA64";
}

bool elf_xen_type_in_caps(const char *type, const char *caps)
{
	size_t len = strlen(type);

	while (*caps) {
		size_t n = strcspn(caps, " ");

		if (n == len && !strncmp(caps, type, len))
			return true;
		caps += n;
		while (*caps == ' ')
			caps++;
	}
	return false;
}

static int check_identity(struct elf_image *img, const char *caps)
{
	const struct elf_xen_notes *x = &img->xen;
	const char *type;

	if (!x->nr_notes)
		return elf_refuse(img, "no Xen ELF notes: not a Xen guest kernel");
	type = elf_xen_guest_type(img);
	if (!type)
		return elf_refuse(img, "built for ELF machine %u (ELF%u), no Xen guest type",
				  img->machine, img->is64 ? 64 : 32);
	if (!elf_xen_type_in_caps(type, caps))
		return elf_refuse(img, "a %s guest (%s); this hypervisor runs %.*s", type,
				  type_name(type), (int)strcspn(caps, "\n") -
				  (caps[0] && caps[strlen(caps) - 1] == ' '), caps);
	if (!x->xen_version || strcmp(x->xen_version, "xen-3.0"))
		return elf_refuse(img, "XEN_VERSION note is '%s', 'xen-3.0' expected",
				  x->xen_version ? x->xen_version : "(none)");
	if ((!x->loader || strcmp(x->loader, "generic")) &&
	    (!x->guest_os || strcmp(x->guest_os, "linux")))
		return elf_refuse(img, "LOADER note is '%s', 'generic' expected",
				  x->loader ? x->loader : "(none)");
	return elf_xen_check_features(x->features, pv_features, img->err,
				      sizeof(img->err));
}

int elf_xen_check(struct elf_image *img, const char *caps, struct elf_xen_layout *l)
{
	const struct elf_xen_notes *x = &img->xen;
	unsigned int i;
	int rc;

	rc = check_identity(img, caps);
	if (rc)
		return rc;
	memset(l, 0, sizeof(*l));
	l->pstart = ~0ULL;
	for (i = 0; i < img->nr_segments; i++) {
		const struct elf_segment *s = &img->seg[i];

		l->pstart = s->paddr < l->pstart ? s->paddr : l->pstart;
		l->pend = s->paddr + s->memsz > l->pend ? s->paddr + s->memsz : l->pend;
	}
	l->virt_base = x->virt_base_set ? x->virt_base : 0;
	l->virt_offset = l->virt_base - (x->paddr_offset_set ? x->paddr_offset : 0);
	if (!elf_add_ok(l->pstart, l->virt_offset, &l->virt_kstart) ||
	    !elf_add_ok(l->pend, l->virt_offset, &l->virt_kend))
		return elf_refuse(img, "VIRT_BASE %#llx puts the kernel past the top of memory",
				  (unsigned long long)l->virt_base);
	if (l->virt_kstart < l->virt_base)
		return elf_refuse(img, "kernel starts below VIRT_BASE");
	l->virt_entry = x->entry_set ? x->entry : img->e_entry;
	if (l->virt_entry < l->virt_kstart || l->virt_entry >= l->virt_kend)
		return elf_refuse(img, "entry %#llx outside the image [%#llx, %#llx)",
				  (unsigned long long)l->virt_entry,
				  (unsigned long long)l->virt_kstart,
				  (unsigned long long)l->virt_kend);
	if (x->hypercall_page_set) {
		l->virt_hypercall = x->hypercall_page;
		if (l->virt_hypercall & (PAGE_SIZE_4K - 1) ||
		    l->virt_hypercall < l->virt_kstart ||
		    l->virt_hypercall + PAGE_SIZE_4K > l->virt_kend)
			return elf_refuse(img, "hypercall page %#llx not a page inside the image",
					  (unsigned long long)l->virt_hypercall);
	}
	return 0;
}
