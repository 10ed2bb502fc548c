/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-save-pv: save and restore a PV domain with libxenguest, for tests
 * and by hand, without xend.
 *
 *   xen-save-pv save [--wait SECONDS] [--console MFN] [--keep] [--config TEXT]
 *                    DOMID FILE
 *   xen-save-pv restore [--wait SECONDS] FILE
 *   xen-save-pv check FILE
 *   xen-save-pv destroy DOMID
 *   xen-save-pv freemem
 *
 * save waits (up to --wait, default 0) for DOMID to suspend itself, writes
 * FILE and destroys the domain unless --keep; a failed save removes FILE.
 * restore checks the whole image, creates a domain (its vCPUs and memory
 * from the image), restores and unpauses it; with --wait it then waits
 * for the domain to shut down and prints why; a failure destroys it.
 * check reads and checks an image.  freemem prints the hypervisor's free
 * pages.  While waiting, the domain's console ring (MFN, or the restored
 * one's) is drained to stdout as "(dD) ..." lines: nobody else serves it.
 *
 * Prints one line per step ("domain D: saved ...", "domain D: restored
 * ...", "domain D: shut down (reason R)"); on failure one line saying
 * what failed and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/mman.h>

#include <xenctrl.h>
#include <xenguest.h>
#include <xen/io/console.h>

static const char *prog = "xen-save-pv";

static void usage(void)
{
	fprintf(stderr, "usage: %s save [--wait S] [--console MFN] [--keep] [--config TEXT] "
		"DOMID FILE\n"
		"       %s restore [--wait S] FILE\n       %s check FILE\n"
		"       %s destroy DOMID\n       %s freemem\n", prog, prog, prog, prog, prog);
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

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Print and consume what the guest wrote to its console ring. */
static void drain_console(xc_interface *xch, uint32_t domid, unsigned long mfn)
{
	struct xencons_interface *r;
	XENCONS_RING_IDX cons, prod;
	static bool bol = true;

	if (!mfn)
		return;
	r = xc_map_foreign_range(xch, domid, XC_PAGE_SIZE, PROT_READ | PROT_WRITE, mfn);
	if (!r)
		return;
	cons = r->out_cons;
	prod = __atomic_load_n(&r->out_prod, __ATOMIC_ACQUIRE);
	if (prod - cons > sizeof(r->out))
		cons = prod - sizeof(r->out);
	for (; cons != prod; cons++) {
		char ch = r->out[MASK_XENCONS_IDX(cons, r->out)];

		if (bol)
			printf("(d%u) ", domid);
		putchar(ch);
		bol = ch == '\n';
	}
	__atomic_store_n(&r->out_cons, cons, __ATOMIC_RELEASE);
	fflush(stdout);
	munmap(r, XC_PAGE_SIZE);
}

/* Wait for domid to shut down: its reason, or -1 (gone, or timed out). */
static int wait_shutdown(xc_interface *xch, uint32_t domid, unsigned long seconds,
			 unsigned long console_mfn)
{
	xen_domctl_getdomaininfo_t info;
	unsigned long waited;

	for (waited = 0;; waited += 100) {
		drain_console(xch, domid, console_mfn);
		if (xc_domain_getinfo_single(xch, domid, &info))
			return -1;
		if (info.flags & XEN_DOMINF_shutdown)
			return (info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
		if (waited >= seconds * 1000)
			return -1;
		sleep_ms(100);
	}
}

static int do_save(xc_interface *xch, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "wait", required_argument, NULL, 'w' },
		{ "keep", no_argument, NULL, 'k' },
		{ "config", required_argument, NULL, 'c' },
		{ "console", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	struct xc_save s = { .config = "(vm (name saved) (source xen-save-pv))" };
	unsigned long wait = 0, console = 0;
	bool keep = false;
	int c, why;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'w')
			wait = number(optarg, "--wait", 3600);
		else if (c == 'k')
			keep = true;
		else if (c == 'c')
			s.config = optarg;
		else if (c == 'C')
			console = number(optarg, "--console", ~0UL);
		else
			usage();
	}
	if (argc - optind != 2)
		usage();
	s.domid = number(argv[optind], "domain", DOMID_FIRST_RESERVED - 1);
	why = wait_shutdown(xch, s.domid, wait, console);
	if (why != SHUTDOWN_suspend) {
		fprintf(stderr, "%s: domain %u did not suspend within %lu s (%s)\n", prog,
			s.domid, wait, why < 0 ? "still running, or gone" : "it shut down otherwise");
		return 1;
	}
	s.fd = open(argv[optind + 1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (s.fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, argv[optind + 1], strerror(errno));
		return 1;
	}
	if (xc_domain_save_pv(xch, &s) || fsync(s.fd) || close(s.fd)) {
		fprintf(stderr, "%s: saving domain %u: %s\n", prog, s.domid,
			xc_save_error()[0] ? xc_save_error() : strerror(errno));
		unlink(argv[optind + 1]);
		return 1;
	}
	printf("domain %u: saved %lu pages to %s\n", s.domid, s.pages, argv[optind + 1]);
	if (!keep && xc_domain_destroy(xch, s.domid)) {
		fprintf(stderr, "%s: destroying domain %u: %s\n", prog, s.domid, strerror(errno));
		return 1;
	}
	return 0;
}

static int open_image(const char *path, struct xc_save_image_info *info)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return -1;
	}
	if (xc_save_image_check(fd, info)) {
		fprintf(stderr, "%s: %s refused: %s\n", prog, path, xc_save_error());
		close(fd);
		return -1;
	}
	return fd;
}

static int make_domain(xc_interface *xch, const struct xc_save_image_info *info,
		       uint32_t *domid, struct xc_restore *r)
{
	struct xen_domctl_createdomain cfg = {
		.max_vcpus = info->vcpus, .max_evtchn_port = 1023,
		.max_grant_frames = 32, .max_maptrack_frames = 1024,
		.grant_opts = XEN_DOMCTL_GRANT_version(1),
	};
	int port;

	*domid = 0;
	if (xc_domain_create(xch, domid, &cfg)) {
		fprintf(stderr, "%s: creating a domain: %s\n", prog, strerror(errno));
		return -1;
	}
	if ((xc_domain_max_vcpus(xch, *domid, info->vcpus) &&
	     errno != EOPNOTSUPP && errno != ENOSYS) ||
	    xc_domain_setmaxmem(xch, *domid, info->pages * 4 + 1024)) {
		fprintf(stderr, "%s: domain %u: %u vCPUs, %lu KiB: %s\n", prog, *domid,
			info->vcpus, info->pages * 4, strerror(errno));
		return -1;
	}
	port = xc_evtchn_alloc_unbound(xch, *domid, 0);
	if (port >= 0) {
		r->store_evtchn = port;
		port = xc_evtchn_alloc_unbound(xch, *domid, 0);
	}
	if (port < 0) {
		fprintf(stderr, "%s: domain %u: event channels: %s\n", prog, *domid,
			strerror(errno));
		return -1;
	}
	r->console_evtchn = port;
	return 0;
}

static int do_restore(xc_interface *xch, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "wait", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct xc_save_image_info info;
	struct xc_restore r = { 0 };
	unsigned long wait = 0;
	uint32_t domid = 0;
	int c, why;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'w')
			wait = number(optarg, "--wait", 3600);
		else
			usage();
	}
	if (argc - optind != 1)
		usage();
	r.fd = open_image(argv[optind], &info);
	if (r.fd < 0)
		return 1;
	free(info.config);
	if (make_domain(xch, &info, &domid, &r))
		goto fail;
	r.domid = domid;
	if (xc_domain_restore_pv(xch, &r)) {
		fprintf(stderr, "%s: restoring domain %u from %s: %s\n", prog, domid,
			argv[optind], xc_save_error());
		goto fail;
	}
	if (xc_domain_unpause(xch, domid)) {
		fprintf(stderr, "%s: domain %u: unpause: %s\n", prog, domid, strerror(errno));
		goto fail;
	}
	close(r.fd);
	printf("domain %u: restored %lu pages, %u vCPU(s), console frame %#lx, xenstore "
	       "frame %#lx\n", domid, r.pages, info.vcpus, (unsigned long)r.console_mfn,
	       (unsigned long)r.store_mfn);
	if (!wait)
		return 0;
	why = wait_shutdown(xch, domid, wait, r.console_mfn);
	if (why < 0) {
		fprintf(stderr, "%s: domain %u did not shut down within %lu s\n", prog, domid,
			wait);
		return 1;
	}
	printf("domain %u: shut down (reason %d)\n", domid, why);
	return 0;
fail:
	close(r.fd);
	if (domid && xc_domain_destroy(xch, domid))
		fprintf(stderr, "%s: destroying domain %u: %s\n", prog, domid, strerror(errno));
	else if (domid)
		fprintf(stderr, "%s: domain %u destroyed\n", prog, domid);
	return 1;
}

int main(int argc, char **argv)
{
	struct xc_save_image_info info;
	xen_sysctl_physinfo_t pi;
	xc_interface *xch;
	int rc = 1, fd;

	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "check")) {
		if (argc != 3)
			usage();
		fd = open_image(argv[2], &info);
		if (fd < 0)
			return 1;
		printf("%s: a save image of %lu pages, %u vCPU(s): %s\n", argv[2], info.pages,
		       info.vcpus, info.config);
		free(info.config);
		close(fd);
		return 0;
	}
	xch = xc_interface_open();
	if (!xch) {
		fprintf(stderr, "%s: opening privcmd: %s\n", prog, strerror(errno));
		return 1;
	}
	if (!strcmp(argv[1], "save"))
		rc = do_save(xch, argc - 1, argv + 1);
	else if (!strcmp(argv[1], "restore"))
		rc = do_restore(xch, argc - 1, argv + 1);
	else if (!strcmp(argv[1], "destroy") && argc == 3) {
		uint32_t d = number(argv[2], "domain", DOMID_FIRST_RESERVED - 1);

		rc = xc_domain_destroy(xch, d) ? 1 : 0;
		if (rc)
			fprintf(stderr, "%s: destroying domain %u: %s\n", prog, d, strerror(errno));
	} else if (!strcmp(argv[1], "freemem") && argc == 2 && !xc_physinfo(xch, &pi)) {
		printf("%llu\n", (unsigned long long)pi.free_pages);
		rc = 0;
	} else
		usage();
	xc_interface_close(xch);
	return rc;
}
