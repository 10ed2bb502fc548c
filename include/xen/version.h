/* The hypervisor's own version and build information. */
#ifndef XEN_VERSION_H
#define XEN_VERSION_H

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
