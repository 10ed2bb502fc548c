/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-build-pv: build a PV domain with libxenguest, for tests and by hand.
 *
 *   xen-build-pv [--create] [--mem MIB] [--vcpus N] [--ramdisk FILE]
 *                [--cmdline STR] [--run SECONDS] [--keep] DOMID KERNEL
 *
 * Without --create, DOMID names a created, not yet built domain (its
 * memory defaults to its maximum); with it, a domain is created (DOMID 0:
 * any id) with --mem MiB (default 64) and --vcpus (default 1), and
 * destroyed again if anything fails or, after --run, unless --keep.
 * Event channels for the console and xenstore are allocated for domain 0.
 * --run unpauses the domain and watches it for SECONDS: it succeeds if
 * the domain used CPU time or shut down.
 *
 * Prints "domain D: built ..." and with --run "domain D: ran ...";
 * on failure one line saying what failed and exits 1.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xenctrl.h>
#include <xenguest.h>

static const char *prog = "xen-build-pv";

static void usage(void)
{
	fprintf(stderr, "usage: %s [--create] [--mem MIB] [--vcpus N] [--ramdisk FILE] "
		"[--cmdline STR] [--run SECONDS] [--keep] DOMID KERNEL\n", prog);
	exit(2);
}

static unsigned long number(const char *s, const char *what, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v > max) {
		fprintf(stderr, "%s: %s '%s': a number up to %lu expected\n", prog, what, s, max);
		exit(2);
	}
	return v;
}

static int create(xc_interface *xch, uint32_t *domid, unsigned int vcpus,
		  unsigned long mem_kb)
{
	struct xen_domctl_createdomain cfg = {
		.max_vcpus = vcpus, .max_evtchn_port = 1023,
		.max_grant_frames = 32, .max_maptrack_frames = 1024,
		.grant_opts = XEN_DOMCTL_GRANT_version(1),
	};

	if (xc_domain_create(xch, domid, &cfg)) {
		fprintf(stderr, "%s: creating a domain: %s\n", prog, strerror(errno));
		return -1;
	}
	if (xc_domain_max_vcpus(xch, *domid, vcpus) ||
	    xc_domain_setmaxmem(xch, *domid, mem_kb) ||
	    xc_domain_set_memmap_limit(xch, *domid, mem_kb)) {
		fprintf(stderr, "%s: domain %u: setting %u vCPUs and %lu KiB (its "
			"maximum and memory map): %s\n", prog,
			*domid, vcpus, mem_kb, strerror(errno));
		return -1;
	}
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Unpause and watch: 0 if it ran (CPU time) or shut down. */
static int run(xc_interface *xch, uint32_t domid, unsigned long seconds)
{
	xen_domctl_getdomaininfo_t info;
	unsigned long ms;

	if (xc_domain_unpause(xch, domid)) {
		fprintf(stderr, "%s: domain %u: unpause: %s\n", prog, domid, strerror(errno));
		return -1;
	}
	for (ms = 0; ms <= seconds * 1000; ms += 100) {
		if (xc_domain_getinfo_single(xch, domid, &info)) {
			fprintf(stderr, "%s: domain %u: getinfo: %s\n", prog, domid,
				strerror(errno));
			return -1;
		}
		if (info.flags & XEN_DOMINF_shutdown)
			break;
		sleep_ms(100);
	}
	printf("domain %u: ran %llu ns of CPU time", domid, (unsigned long long)info.cpu_time);
	if (info.flags & XEN_DOMINF_shutdown)
		printf(", shut down (reason %u)",
		       (info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask);
	printf("\n");
	if (!info.cpu_time && !(info.flags & XEN_DOMINF_shutdown)) {
		fprintf(stderr, "%s: domain %u used no CPU time in %lu s\n", prog, domid,
			seconds);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "create", no_argument, NULL, 'c' }, { "mem", required_argument, NULL, 'm' },
		{ "vcpus", required_argument, NULL, 'v' },
		{ "ramdisk", required_argument, NULL, 'r' },
		{ "cmdline", required_argument, NULL, 'a' },
		{ "run", required_argument, NULL, 'R' }, { "keep", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	struct xc_pv_build b = { .vcpus = 1 };
	bool do_create = false, keep = false;
	unsigned long mem_mb = 0, run_s = 0;
	xen_domctl_getdomaininfo_t info;
	xc_interface *xch;
	int c, rc = 1, port;

	while ((c = getopt_long(argc, argv, "cm:v:r:a:R:kh", opts, NULL)) != -1) {
		switch (c) {
		case 'c': do_create = true; break;
		case 'm': mem_mb = number(optarg, "--mem", 1UL << 20); break;
		case 'v': b.vcpus = number(optarg, "--vcpus", XEN_LEGACY_MAX_VCPUS); break;
		case 'r': b.ramdisk = optarg; break;
		case 'a': b.cmdline = optarg; break;
		case 'R': run_s = number(optarg, "--run", 3600); break;
		case 'k': keep = true; break;
		default: usage();
		}
	}
	if (argc - optind != 2)
		usage();
	b.domid = number(argv[optind], "DOMID", DOMID_FIRST_RESERVED - 1);
	b.kernel = argv[optind + 1];

	xch = xc_interface_open();
	if (!xch) {
		fprintf(stderr, "%s: cannot open /dev/xen/privcmd: %s (run in domain 0 as "
			"root, with xen-privcmd loaded)\n", prog, strerror(errno));
		return 1;
	}
	if (do_create) {
		b.mem_kb = (mem_mb ? mem_mb : 64) << 10;
		if (create(xch, &b.domid, b.vcpus, b.mem_kb))
			goto out;
	} else if (xc_domain_getinfo_single(xch, b.domid, &info)) {
		fprintf(stderr, "%s: domain %u: %s\n", prog, b.domid, strerror(errno));
		goto out;
	} else {
		b.mem_kb = mem_mb ? mem_mb << 10 : info.max_pages * 4;
	}
	if ((port = xc_evtchn_alloc_unbound(xch, b.domid, 0)) < 0 ||
	    (b.console_evtchn = port, port = xc_evtchn_alloc_unbound(xch, b.domid, 0)) < 0) {
		fprintf(stderr, "%s: domain %u: event channels: %s\n", prog, b.domid,
			strerror(errno));
		goto out;
	}
	b.store_evtchn = port;
	if (xc_pv_build_domain(xch, &b)) {
		fprintf(stderr, "%s: domain %u: %s\n", prog, b.domid, xc_pv_build_error());
		goto out;
	}
	printf("domain %u: built %s (guest_os %s, loader %s), %lu KiB, console mfn %#lx "
	       "port %u, store mfn %#lx port %u\n", b.domid, b.kernel, b.guest_os, b.loader,
	       b.mem_kb, (unsigned long)b.console_mfn, b.console_evtchn,
	       (unsigned long)b.store_mfn, b.store_evtchn);
	fflush(stdout);
	rc = run_s && run(xch, b.domid, run_s) ? 1 : 0;
	if (run_s && do_create && !keep)
		xc_domain_destroy(xch, b.domid);
out:
	if (rc && do_create) {
		if (b.domid && !xc_domain_destroy(xch, b.domid))
			fprintf(stderr, "%s: domain %u destroyed\n", prog, b.domid);
	} else if (rc && b.domid) {
		fprintf(stderr, "%s: domain %u is left as it is: destroy it\n", prog, b.domid);
	}
	xc_interface_close(xch);
	return rc;
}
