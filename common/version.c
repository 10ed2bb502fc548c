/* The hypervisor's version and its boot banner. */
#include <generated/version.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/version.h>
#include <asm/config.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

const char *xen_version_string(void)
{
	return XEN_FULLVERSION;
}

const char *xen_port_name(void)
{
	return XEN_PORT_NAME;
}

/*
 * The GNU build id the linker wrote (ld --build-id, HV_LDS keeps the
 * note between these two symbols): an ELF note, name "GNU", type 3,
 * the id its descriptor.  Xen reports it through XENVER_build_id and
 * prints it at boot; so do we.
 */
extern const u32 __note_gnu_build_id_start[], __note_gnu_build_id_end[];

#define NT_GNU_BUILD_ID	3

int xen_build_id(const void **id, unsigned int *len)
{
	const u32 *n = __note_gnu_build_id_start;
	unsigned long size = (unsigned long)__note_gnu_build_id_end - (unsigned long)n;
	u32 namesz, descsz;

	/* The header (namesz, descsz, type), "GNU\0", then the id. */
	if (size < 3 * sizeof(u32) + 4)
		return -ENODATA;
	namesz = n[0];
	descsz = n[1];
	if (namesz != 4 || n[2] != NT_GNU_BUILD_ID || memcmp(&n[3], "GNU", 4) ||
	    !descsz || descsz > size - 3 * sizeof(u32) - 4)
		return -ENODATA;
	*id = &n[4];
	*len = descsz;
	return 0;
}

static void print_build_id(void)
{
	char hex[2 * 64 + 1];
	const u8 *id;
	unsigned int len, i;

	if (xen_build_id((const void **)&id, &len))
		return;
	/* One line, as Xen's "build-id: %*phN" (a sha1 id is 20 bytes). */
	for (i = 0; i < len && i < 64; i++)
		snprintf(hex + 2 * i, 3, "%02x", id[i]);
	hex[2 * i] = '\0';
	printk("build-id: %s\n", hex);
}

static const char *const build_options[] = {
#ifdef CONFIG_SMP
	"smp",
#endif
#ifdef CONFIG_ACPI
	"acpi",
#endif
#ifdef CONFIG_DEBUG
	"debug",
#endif
#ifdef CONFIG_VERBOSE
	"verbose",
#endif
#ifdef CONFIG_SELFTEST
	"selftest",
#endif
	"sched=" CONFIG_SCHED_DEFAULT,
};

void print_banner(const char *cmdline)
{
	unsigned int i;

	printk(" __  __            ____\n");
	printk(" \\ \\/ /___ _ __   |__ /\n");
	printk("  \\  // _ \\ '_ \\   |_ \\\n");
	printk("  /  \\  __/ | | | ___) |\n");
	printk(" /_/\\_\\___|_| |_||____/\n\n");
	printk("Xen version %s (%s) %s\n", XEN_FULLVERSION, XEN_PORT_NAME,
	       XEN_COMPILER);
	printk("Build options:");
	for (i = 0; i < ARRAY_SIZE(build_options); i++)
		printk(" %s", build_options[i]);
#ifdef CONFIG_SMP
	printk(" nr_cpus=%d", CONFIG_NR_CPUS);
#endif
	printk("\n");
	print_build_id();
	printk("Command line: %s\n", cmdline);
}
