/* The hypervisor's own version and build information. */
#ifndef XEN_VERSION_H
#define XEN_VERSION_H

/*
 * What xen_version and hypfs's buildinfo report (the Xen interface this
 * hypervisor speaks, and how it was built), from one place.
 */
#define XEN_VERSION_MAJOR	4
#define XEN_VERSION_MINOR	17
#define XEN_BUILDINFO_EXTRAVERSION	".0"
#define XEN_BUILDINFO_CHANGESET		""
#define XEN_BUILDINFO_COMPILER		"gcc"
#define XEN_BUILDINFO_COMPILE_BY		"xen"
#define XEN_BUILDINFO_COMPILE_DOMAIN	"localdomain"
#define XEN_BUILDINFO_COMPILE_DATE	__DATE__

const char *xen_version_string(void);
const char *xen_port_name(void);	/* "x86_64", "x86_32", "x86_32p", "ia64" */

/*
 * The hypervisor's GNU build id (its linker's note): 0 and where the id's
 * bytes are and how many, or -ENODATA if the image carries none.
 */
int xen_build_id(const void **id, unsigned int *len);

/* Print the boot banner: version, port, build options, command line. */
void print_banner(const char *cmdline);

#endif /* XEN_VERSION_H */
