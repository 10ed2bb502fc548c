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

static int check_identity(struct elf_image *img, u16 machine)
{
	const struct elf_xen_notes *x = &img->xen;

	if (!x->nr_notes)
		return elf_refuse(img, "no Xen ELF notes: not a Xen guest kernel");
	if (img->machine != machine)
		return elf_refuse(img, "built for ELF machine %u, this hypervisor runs %u",
				  img->machine, machine);
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

int elf_xen_check(struct elf_image *img, u16 machine, struct elf_xen_layout *l)
{
	const struct elf_xen_notes *x = &img->xen;
	unsigned int i;
	int rc;

	rc = check_identity(img, machine);
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
