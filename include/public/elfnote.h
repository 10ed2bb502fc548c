/*
 * Xen ELF notes: how a guest kernel image describes itself to the domain
 * builder.  Each note has the name "Xen" and one of the types below; the
 * descriptor is a number (4 or 8 bytes), an address or a NUL-terminated
 * string as stated.
 *
 * Part of the public guest ABI: the numbers are Xen's.  This header
 * includes nothing else.
 */
#ifndef __XEN_PUBLIC_ELFNOTE_H__
#define __XEN_PUBLIC_ELFNOTE_H__

#define XEN_ELFNOTE_INFO		0	/* unused */
#define XEN_ELFNOTE_ENTRY		1	/* virtual entry point */
#define XEN_ELFNOTE_HYPERCALL_PAGE	2	/* virtual address of the page */
#define XEN_ELFNOTE_VIRT_BASE		3	/* where pfn 0 is mapped */
#define XEN_ELFNOTE_PADDR_OFFSET	4	/* virt_base - lowest paddr */
#define XEN_ELFNOTE_XEN_VERSION		5	/* string, "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS		6	/* string */
#define XEN_ELFNOTE_GUEST_VERSION	7	/* string */
#define XEN_ELFNOTE_LOADER		8	/* string, "generic" */
#define XEN_ELFNOTE_PAE_MODE		9	/* string, "yes", "no", "bimodal" */
#define XEN_ELFNOTE_FEATURES		10	/* string, '|'-separated, '!' = required */
#define XEN_ELFNOTE_BSD_SYMTAB		11	/* string, "yes" */
#define XEN_ELFNOTE_HV_START_LOW	12	/* lowest address the hypervisor may use */
#define XEN_ELFNOTE_L1_MFN_VALID	13	/* mask and value, two numbers */
#define XEN_ELFNOTE_SUSPEND_CANCEL	14	/* number, 1 */
#define XEN_ELFNOTE_INIT_P2M		15	/* virtual address for the p2m list */
#define XEN_ELFNOTE_MOD_START_PFN	16	/* number, 1: mod_start is a pfn */
#define XEN_ELFNOTE_SUPPORTED_FEATURES	17	/* 32-bit bitmap of XENFEAT_* */
#define XEN_ELFNOTE_PHYS32_ENTRY	18	/* 32-bit PVH entry, ignored for PV */

#define XEN_ELFNOTE_MAX			XEN_ELFNOTE_PHYS32_ENTRY

#endif /* __XEN_PUBLIC_ELFNOTE_H__ */
