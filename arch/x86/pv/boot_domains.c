/*
 * Boot-time domains: unprivileged domains the hypervisor builds from
 * extra boot modules, described on its command line, and starts next to
 * domain 0 (what Xen calls dom0less or hyperlaunch).  Each is
 *
 *	domU=<name>,module=<n>[,initrd=<n>][,mem=<size>][,vcpus=<n>]
 *	     [,weight=<w>][,cap=<pct>][,cpus=<list>][,uuid=<uuid>]
 *
 * where module numbers count the boot modules from 0 (domain 0's kernel),
 * the kernel's command line is its module's string, and the defaults are
 * 32M, one vCPU, the credit scheduler's weight 256 and no cap.  cpus=
 * pins every vCPU of the domain to the CPUs listed (hard affinity): CPUs
 * and ranges separated by commas, as "0" or "0-1,3" (a word after it
 * without '=' continues the list); each must be online.  uuid= is the
 * domain's handle (32 hex digits, dashes anywhere between them, as
 * 01234567-89ab-cdef-0123-456789abcdef), all zeros without it.  Domains
 * get ids 1, 2, ... in command-line order; domain 0's initrd is module 1
 * unless a domU= claims it.  They are built before domain 0, which takes
 * what memory is left.  A malformed domU= is reported and that domain
 * alone is not built.
 *
 * Locking: parsed and built on the boot CPU before any guest runs.
 */
#include "public.h"
#include <xen/boot.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <lib/string.h>
#include <lib/vsprintf.h>
#include "pv.h"

#define MAX_BOOT_DOMAINS	8
#define DEFAULT_MEM		(32ULL << 20)
#define NO_MODULE		(~0U)

struct boot_domain {
	char name[32];
	unsigned int module, initrd;
	unsigned long long mem;
	unsigned int vcpus, weight, cap;
	cpumask_t cpus;			/* cpus=, or empty: any */
	u8 handle[16];			/* uuid=, or zeros */
	bool valid;			/* parsed well and its modules exist */
	struct domain *d;		/* once built */
};

static struct boot_domain boot_domains[MAX_BOOT_DOMAINS];
static unsigned int nr_boot_domains;

static bool name_ok(const char *s, size_t len)
{
	size_t i;

	if (!len || len >= sizeof(boot_domains[0].name))
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_' ||
		      s[i] == '.'))
			return false;
	return true;
}

static int parse_uint(const char *v, size_t len, unsigned int *out)
{
	const char *end;
	bool overflow = false;
	unsigned long long n = simple_strtoull(v, &end, 0, &overflow);

	if (end != v + len || end == v || overflow || n > 0xffffffffULL)
		return -EINVAL;
	*out = n;
	return 0;
}

/* "key=value" rather than a bare word. */
static bool has_value(const char *s, size_t len)
{
	while (len--)
		if (*s++ == '=')
			return true;
	return false;
}

/* "<n>" or "<n>-<m>" (n <= m < NR_CPUS) added to *cpus.  0 or -EINVAL. */
static int parse_cpu_range(const char *v, size_t len, cpumask_t *cpus)
{
	const char *dash = v;
	unsigned int first, last, cpu;

	while (dash < v + len && *dash != '-')
		dash++;
	if (parse_uint(v, dash - v, &first))
		return -EINVAL;
	last = first;
	if (dash < v + len && parse_uint(dash + 1, v + len - dash - 1, &last))
		return -EINVAL;
	if (first > last || last >= NR_CPUS)
		return -EINVAL;
	for (cpu = first; cpu <= last; cpu++)
		cpumask_set_cpu(cpu, cpus);
	return 0;
}

/* A UUID: 32 hex digits, dashes between them ignored.  0 or -EINVAL. */
static int parse_uuid(const char *v, size_t len, u8 handle[16])
{
	unsigned int digits = 0;
	size_t i;

	memset(handle, 0, 16);
	for (i = 0; i < len; i++) {
		char c = v[i];
		unsigned int x;

		if (c == '-' && digits && digits < 32)
			continue;
		if (c >= '0' && c <= '9')
			x = c - '0';
		else if (c >= 'a' && c <= 'f')
			x = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			x = c - 'A' + 10;
		else
			return -EINVAL;
		if (digits == 32)
			return -EINVAL;
		handle[digits / 2] |= digits % 2 ? x : x << 4;
		digits++;
	}
	return digits == 32 ? 0 : -EINVAL;
}

/* One key=value of a domU= entry, into bd.  0 or -EINVAL. */
static int parse_option(struct boot_domain *bd, const char *opt, size_t len)
{
	const char *eq = opt;
	size_t klen, vlen;
	const char *v;
	char size[24];

	while (eq < opt + len && *eq != '=')
		eq++;
	if (eq == opt + len)
		return -EINVAL;
	klen = eq - opt;
	v = eq + 1;
	vlen = len - klen - 1;
	if (klen == 6 && !strncmp(opt, "module", 6))
		return parse_uint(v, vlen, &bd->module);
	if (klen == 6 && !strncmp(opt, "initrd", 6))
		return parse_uint(v, vlen, &bd->initrd);
	if (klen == 5 && !strncmp(opt, "vcpus", 5))
		return parse_uint(v, vlen, &bd->vcpus);
	if (klen == 6 && !strncmp(opt, "weight", 6))
		return parse_uint(v, vlen, &bd->weight);
	if (klen == 3 && !strncmp(opt, "cap", 3))
		return parse_uint(v, vlen, &bd->cap);
	if (klen == 4 && !strncmp(opt, "cpus", 4))
		return parse_cpu_range(v, vlen, &bd->cpus);
	if (klen == 4 && !strncmp(opt, "uuid", 4))
		return parse_uuid(v, vlen, bd->handle);
	if (klen == 3 && !strncmp(opt, "mem", 3)) {
		if (!vlen || vlen >= sizeof(size))
			return -EINVAL;
		memcpy(size, v, vlen);
		size[vlen] = '\0';
		return parse_size(size, &bd->mem);
	}
	return -EINVAL;
}

static int parse_domU(const char *s)
{
	struct boot_domain *bd;
	const char *p, *comma;
	bool in_cpus = false, more_cpus;
	int rc;

	if (nr_boot_domains == MAX_BOOT_DOMAINS) {
		printk(XENLOG_ERR "domU=%s: at most %u boot-time domains: ignored\n", s,
		       MAX_BOOT_DOMAINS);
		return -EINVAL;
	}
	bd = &boot_domains[nr_boot_domains++];
	memset(bd, 0, sizeof(*bd));
	bd->module = bd->initrd = NO_MODULE;
	bd->mem = DEFAULT_MEM;
	bd->vcpus = 1;
	bd->weight = 256;
	comma = strchr(s, ',');
	if (!comma || !name_ok(s, comma - s)) {
		printk(XENLOG_ERR "domU=%s: needs <name>,module=<n> (name: letters, digits, "
		       "-_., at most 31): not built\n", s);
		return -EINVAL;
	}
	memcpy(bd->name, s, comma - s);
	for (p = comma + 1; *p; p = comma + 1) {
		comma = strchr(p, ',');
		if (!comma)
			comma = p + strlen(p);
		/* cpus=0-1,3: a word without '=' goes on with the list. */
		more_cpus = in_cpus && !has_value(p, comma - p);
		rc = more_cpus ? parse_cpu_range(p, comma - p, &bd->cpus)
			       : parse_option(bd, p, comma - p);
		if (rc) {
			printk(XENLOG_ERR "domU=%s: bad option '%.*s': not built\n", s,
			       (int)(comma - p), p);
			return -EINVAL;
		}
		in_cpus = more_cpus || (comma - p > 5 && !strncmp(p, "cpus=", 5));
		if (!*comma)
			break;
	}
	bd->valid = true;
	return 0;
}
custom_param("domU", parse_domU);

static bool cpus_online(const cpumask_t *cpus)
{
	unsigned int cpu;

	for_each_cpu(cpu, cpus)
		if (!cpumask_test_cpu(cpu, &cpu_online_map))
			return false;
	return true;
}

/* The checks that need the modules, once the loader's list is known. */
static bool boot_domain_ok(struct boot_domain *bd, unsigned int index)
{
	const char *why = NULL;
	unsigned int i;

	if (!bd->valid)
		return false;
	if (bd->module == NO_MODULE)
		why = "no module=";
	else if (bd->module == 0 || bd->module >= boot_info.nr_modules)
		why = "module= names no extra boot module";
	else if (bd->initrd != NO_MODULE &&
		 (bd->initrd == 0 || bd->initrd >= boot_info.nr_modules ||
		  bd->initrd == bd->module))
		why = "initrd= names no other extra boot module";
	else if (!bd->vcpus || bd->vcpus > XEN_LEGACY_MAX_VCPUS)
		why = "vcpus= out of range";
	else if (!bd->weight || bd->weight > 65535)
		why = "weight= out of range (1-65535)";
	else if (bd->cap > 100 * bd->vcpus)
		why = "cap= above 100 per vCPU";
	else if (!cpus_online(&bd->cpus))
		why = "cpus= names a CPU that is not online";
	for (i = 0; !why && i < index; i++)
		if (boot_domains[i].valid &&
		    (boot_domains[i].module == bd->module ||
		     (bd->initrd != NO_MODULE && boot_domains[i].initrd == bd->initrd) ||
		     boot_domains[i].initrd == bd->module ||
		     boot_domains[i].module == bd->initrd))
			why = "a module is already another domain's";
	if (why) {
		printk(XENLOG_ERR "domU %s: %s: not built\n", bd->name, why);
		bd->valid = false;
	}
	return bd->valid;
}

static bool module_claimed(unsigned int m)
{
	unsigned int i;

	for (i = 0; i < nr_boot_domains; i++)
		if (boot_domains[i].valid &&
		    (boot_domains[i].module == m || boot_domains[i].initrd == m))
			return true;
	return false;
}

/* Each entry checked once against the loader's modules (and said why not). */
static void check_all(void)
{
	static bool checked;
	unsigned int i;

	if (checked)
		return;
	checked = true;
	for (i = 0; i < nr_boot_domains; i++)
		boot_domain_ok(&boot_domains[i], i);
}

const struct boot_module *boot_domains_dom0_initrd(void)
{
	check_all();
	if (boot_info.nr_modules < 2 || module_claimed(1))
		return NULL;
	return &boot_info.modules[1];
}

/* cpus=: every vCPU pinned there, before any runs. */
static void set_affinity(struct boot_domain *bd)
{
	struct vcpu *v;

	if (cpumask_empty(&bd->cpus))
		return;
	for_each_vcpu(bd->d, v)
		if (vcpu_set_affinity(v, &bd->cpus))
			printk(XENLOG_WARNING "domU %s: vCPU %u: cpus= refused by the "
			       "scheduler\n", bd->name, v->vcpu_id);
}

static void set_sched_params(struct boot_domain *bd)
{
	struct sched_adjust_op op = {
		.sched_id = XEN_SCHEDULER_CREDIT,
		.cmd = XEN_DOMCTL_SCHEDOP_putinfo,
		.u.credit = { .weight = bd->weight, .cap = bd->cap },
	};

	if (sched_id() != XEN_SCHEDULER_CREDIT) {
		if (bd->weight != 256 || bd->cap)
			printk(XENLOG_WARNING "domU %s: weight= and cap= need sched=credit: "
			       "ignored\n", bd->name);
		return;
	}
	if (sched_adjust(bd->d, &op))
		printk(XENLOG_WARNING "domU %s: weight %u cap %u refused by the "
		       "scheduler\n", bd->name, bd->weight, bd->cap);
}

void boot_domains_build(void)
{
	unsigned int i;
	u16 domid = 1;

	check_all();
	for (i = 0; i < nr_boot_domains; i++) {
		struct boot_domain *bd = &boot_domains[i];
		struct pv_domain_spec spec = {
			.name = bd->name,
			.nr_vcpus = bd->vcpus,
			.nr_pages = bd->mem >> PAGE_SHIFT,
		};

		if (!bd->valid)
			continue;
		spec.domid = domid++;
		spec.kernel = &boot_info.modules[bd->module];
		spec.initrd = bd->initrd == NO_MODULE ? NULL : &boot_info.modules[bd->initrd];
		spec.cmdline = spec.kernel->cmdline;
		bd->d = pv_build_domain(&spec);
		if (!bd->d)
			continue;
		memcpy(bd->d->handle, bd->handle, sizeof(bd->d->handle));
		set_sched_params(bd);
		set_affinity(bd);
		printk("domU %s: domain %u, %u vCPU%s, %llu MiB, weight %u cap %u\n",
		       bd->name, spec.domid, bd->vcpus, bd->vcpus == 1 ? "" : "s",
		       bd->mem >> 20, bd->weight, bd->cap);
	}
}

void boot_domains_start(void)
{
	unsigned int i;

	for (i = 0; i < nr_boot_domains; i++)
		if (boot_domains[i].d)
			vcpu_up(boot_domains[i].d->vcpu[0]);
}
