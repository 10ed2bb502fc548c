/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xc_save_image_check() on the host (TAP 13): small but whole version 3
 * images (Documentation/tools/save-image.rst) written with the image
 * writer, every checksum right, are checked as a restore checks them
 * before it makes anything.  A good image with 2 vCPUs up, and one with
 * vCPU 1 down (no context), pass and give the domain's vCPU count; each
 * vCPU refusal is -1 EINVAL with its message: a context beyond the
 * VCPUS record's count, for a vCPU it says was down, twice, before
 * VCPUS, of the wrong size; fewer contexts than vCPUs up; VCPUS twice,
 * after a context, missing, or in a version 2 image; a pinned table's
 * type is version 3's (taken there, refused in 2).  What it cannot
 * tell: the checks against the domain (its vCPU count), which need the
 * hypervisor (check-save-linux in domain 0 has them).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include <xenctrl.h>
#include <xenguest.h>
#include <xg_saveimg.h>

#define TAP_PREFIX "imagecheck_"
#include "tap.h"

/* pfns: 0 start_info, 1 the frame list list, 2 xenstore, 3 console. */
#define NR_PFNS		4

/* What to write: VCPUS (or not, or twice, or late) and the contexts. */
struct spec {
	uint32_t version;
	bool no_vcpus, vcpus_twice, vcpus_late;
	uint32_t max_vcpus;
	uint64_t map;
	unsigned int nr_ctx;
	uint32_t pfn3_type;	/* P2M's type of pfn 3 (its data's: the level) */
	uint32_t ctx_id[4];
	size_t ctx_len;		/* 0: sizeof(struct vcpu_guest_context) */
	bool no_pv_info;
	uint32_t guest_width, pt_levels;	/* X86_PV_INFO's; 0: the tools' own */
};

/*
 * The tools' own guests' shape: the layout they are built with (x86_64:
 * 8 bytes, 4 levels; i386: 4 bytes, PAE's 3 levels or 2).
 */
#define OWN_WIDTH	((uint32_t)sizeof(long))
#define OWN_LEVELS	(OWN_WIDTH == 8 ? 4U : 3U)

static int fd_write(void *opaque, const void *buf, size_t len)
{
	return write(*(int *)opaque, buf, len) == (ssize_t)len ? 0 : -1;
}

static int rec(struct xg_img_writer *w, uint32_t type, const void *a, size_t alen,
	       const void *b, size_t blen)
{
	struct xg_img_piece p[2] = { { a, alen }, { b, blen } };

	return xg_img_write_record(w, type, p, b ? 2 : 1);
}

/* An image as s says into a fresh temporary file: its fd. */
static int write_image(const struct spec *s)
{
	static const char config[] = "{\"name\":\"t\",\"memory\":16,\"vcpus\":2}";
	static uint8_t pages[NR_PFNS][4096], ctx[8192], shared[4096];
	struct { struct xg_img_p2m h; uint32_t t[NR_PFNS]; } p2m = { { NR_PFNS }, { 0 } };
	struct { struct xg_img_page_data h; uint64_t e[NR_PFNS]; } pd = { { NR_PFNS, 0 }, { 0 } };
	struct { struct xg_img_vcpus h; uint64_t map; } vcpus = {
		{ s->max_vcpus, __builtin_popcountll(s->map) }, s->map };
	struct xg_img_pv_info pv = { s->guest_width ? s->guest_width : OWN_WIDTH,
				     s->pt_levels ? s->pt_levels : OWN_LEVELS };
	struct xg_img_tsc tsc = { 0 };
	struct xg_img_ring con = { XG_IMG_RING_CONSOLE, 2, 3 }, xs = { XG_IMG_RING_XENSTORE, 1, 2 };
	struct vcpu_guest_context *c = (void *)ctx;
	struct shared_info *si = (void *)shared;
	struct xg_img_writer w;
	char path[] = "/tmp/test_imagecheck.XXXXXX";
	size_t clen = s->ctx_len ? s->ctx_len : sizeof(*c);
	unsigned int i;
	int fd = mkstemp(path), rc;

	if (fd < 0)
		return -1;
	unlink(path);
	for (i = 0; i < NR_PFNS; i++)
		pd.e[i] = i;
	p2m.t[3] = s->pfn3_type;
	pd.e[3] = 3 | (uint64_t)XG_IMG_PFN_LEVEL(s->pfn3_type) << 60;
	(void)c;	/* zeroed: start_info's pfn (rdx/edx) is 0 */
	si->arch.pfn_to_mfn_frame_list_list = 1;
	rc = xg_img_writer_init(&w, fd_write, &fd) ||
	     rec(&w, XG_IMG_REC_DOMAIN_CONFIG, config, sizeof(config) - 1, NULL, 0) ||
	     (!s->no_pv_info && rec(&w, XG_IMG_REC_X86_PV_INFO, &pv, sizeof(pv), NULL, 0)) ||
	     rec(&w, XG_IMG_REC_TSC_INFO, &tsc, sizeof(tsc), NULL, 0) ||
	     rec(&w, XG_IMG_REC_P2M, &p2m, sizeof(p2m), NULL, 0) ||
	     rec(&w, XG_IMG_REC_PAGE_DATA, &pd, sizeof(pd), pages, sizeof(pages));
	if (!s->no_vcpus && !s->vcpus_late)
		rc = rc || rec(&w, XG_IMG_REC_VCPUS, &vcpus, sizeof(vcpus), NULL, 0);
	if (s->vcpus_twice)
		rc = rc || rec(&w, XG_IMG_REC_VCPUS, &vcpus, sizeof(vcpus), NULL, 0);
	for (i = 0; i < s->nr_ctx; i++) {
		struct xg_img_vcpu vh = { s->ctx_id[i], 0 };

		rc = rc || rec(&w, XG_IMG_REC_VCPU_CONTEXT, &vh, sizeof(vh), ctx, clen);
	}
	if (s->vcpus_late)
		rc = rc || rec(&w, XG_IMG_REC_VCPUS, &vcpus, sizeof(vcpus), NULL, 0);
	rc = rc || rec(&w, XG_IMG_REC_SHARED_INFO, shared, sizeof(shared), NULL, 0) ||
	     rec(&w, XG_IMG_REC_RING, &con, sizeof(con), NULL, 0) ||
	     rec(&w, XG_IMG_REC_RING, &xs, sizeof(xs), NULL, 0) || xg_img_write_end(&w);
	if (!rc && s->version != XG_IMG_VERSION) {
		/* The header's version and its checksum, as an older writer's. */
		struct xg_img_header h;

		rc = pread(fd, &h, sizeof(h), 0) != sizeof(h);
		h.version = s->version;
		h.header_crc = crc32(0, (const Bytef *)&h, 20);
		rc = rc || pwrite(fd, &h, sizeof(h), 0) != sizeof(h);
	}
	if (rc) {
		printf("Bail out! writing a test image: %s\n", strerror(errno));
		exit(1);
	}
	return fd;
}

/* s's image checked: 0 with its vCPUs, or -1 with errno and the message. */
static int check(const struct spec *s, struct xc_save_image_info *info)
{
	int fd = write_image(s), rc;

	memset(info, 0, sizeof(*info));
	rc = xc_save_image_check(fd, info);
	free(info->config);
	close(fd);
	return rc;
}

/* 2 vCPUs up, 2 contexts: the domain has 2 vCPUs, 2 up. */
static void test_two_up(void)
{
	struct spec s = { 3, .max_vcpus = 2, .map = 3, .nr_ctx = 2, .ctx_id = { 0, 1 } };
	struct xc_save_image_info info;

	CHECK(check(&s, &info) == 0);
	CHECK(info.version == 3 && info.vcpus == 2 && info.online == 2);
	if (!cur_ok)
		printf("#   %s\n", xc_save_error());
}

/* A pinned L1 (P2M type 9, its data's type 1) is taken in version 3. */
static void test_pinned(void)
{
	struct spec s = { 3, .max_vcpus = 2, .map = 3, .nr_ctx = 2, .ctx_id = { 0, 1 },
			  .pfn3_type = XG_IMG_PFN_PINNED | XG_IMG_PFN_L1TAB };
	struct xc_save_image_info info;

	CHECK(check(&s, &info) == 0);
	if (!cur_ok)
		printf("#   %s\n", xc_save_error());
}

/* vCPU 1 down: no context for it, the domain still has 2. */
static void test_one_down(void)
{
	struct spec s = { 3, .max_vcpus = 2, .map = 1, .nr_ctx = 1, .ctx_id = { 0 } };
	struct xc_save_image_info info;

	CHECK(check(&s, &info) == 0);
	CHECK(info.vcpus == 2 && info.online == 1);
	if (!cur_ok)
		printf("#   %s\n", xc_save_error());
}

/* Each bad vCPU layout: -1 EINVAL, the message naming what is wrong. */
static void test_refusals(void)
{
	static const struct {
		struct spec s;
		const char *why;
	} bad[] = {
		{ { 3, .max_vcpus = 2, .map = 3, .nr_ctx = 2, .ctx_id = { 0, 2 } },
		  "context for vCPU 2, beyond the 2 vCPUs" },
		{ { 3, .max_vcpus = 2, .map = 3, .nr_ctx = 1, .ctx_id = { 0 } },
		  "says 2 vCPUs were up, it holds contexts for 1" },
		{ { 3, .max_vcpus = 2, .map = 1, .nr_ctx = 2, .ctx_id = { 0, 1 } },
		  "context for vCPU 1, which its VCPUS record says was down" },
		{ { 3, .max_vcpus = 2, .map = 3, .nr_ctx = 3, .ctx_id = { 0, 1, 1 } },
		  "two contexts for vCPU 1" },
		{ { 3, .max_vcpus = 2, .map = 3, .nr_ctx = 2, .ctx_id = { 0, 1 }, .ctx_len = 4096 },
		  "a context of these tools' layout" },
		{ { 3, .max_vcpus = 1, .map = 1, .nr_ctx = 1, .no_pv_info = true },
		  "lacks a X86_PV_INFO record" },
		{ { 3, .no_vcpus = true, .max_vcpus = 2, .map = 3, .nr_ctx = 2, .ctx_id = { 0, 1 } },
		  "comes before its VCPUS record" },
		{ { 3, .vcpus_late = true, .max_vcpus = 2, .map = 3, .nr_ctx = 2,
		    .ctx_id = { 0, 1 } }, "comes before its VCPUS record" },
		{ { 3, .vcpus_twice = true, .max_vcpus = 2, .map = 3, .nr_ctx = 2,
		    .ctx_id = { 0, 1 } }, "VCPUS record comes twice" },
		{ { 2, .max_vcpus = 2, .map = 3, .nr_ctx = 2, .ctx_id = { 0, 1 } },
		  "a VCPUS record in a version 2 image" },
		{ { 3, .no_vcpus = true, .max_vcpus = 1, .map = 1, .nr_ctx = 0 },
		  "lacks a VCPUS record" },
		{ { 2, .no_vcpus = true, .max_vcpus = 2, .map = 3, .nr_ctx = 2,
		    .ctx_id = { 0, 1 }, .pfn3_type = XG_IMG_PFN_PINNED | XG_IMG_PFN_L1TAB },
		  "a pinned table, in a version 2 image" },
	};
	struct xc_save_image_info info;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		bool ok = check(&bad[i].s, &info) == -1 && errno == EINVAL &&
			  strstr(xc_save_error(), bad[i].why);

		if (!ok)
			printf("#   image %u: want \"%s\", got \"%s\"\n", i, bad[i].why,
			       xc_save_error());
		CHECK(ok);
	}
	printf("#   e.g. %s\n", xc_save_error());
}

/*
 * X86_PV_INFO: the guest shapes of the tools' own layout are taken
 * (x86_64 tools: 8 bytes, 4 levels; i386 tools: 4 bytes with PAE's 3
 * levels or 2), the other width's refused by name.
 */
static void test_shapes(void)
{
	static const uint32_t shape[][2] = { { 8, 4 }, { 4, 3 }, { 4, 2 } };
	struct xc_save_image_info info;
	unsigned int i;

	for (i = 0; i < sizeof(shape) / sizeof(shape[0]); i++) {
		struct spec s = { 3, .max_vcpus = 1, .map = 1, .nr_ctx = 1,
				  .guest_width = shape[i][0], .pt_levels = shape[i][1] };
		bool own = shape[i][0] == OWN_WIDTH;
		int rc = check(&s, &info);
		bool ok = own ? rc == 0 : rc == -1 && errno == EINVAL &&
			  strstr(xc_save_error(), "these tools restore");

		if (!ok)
			printf("#   width %u, %u levels: %s, got \"%s\"\n", shape[i][0],
			       shape[i][1], own ? "taken" : "refused", xc_save_error());
		else if (!own)
			printf("#   e.g. %s\n", xc_save_error());
		CHECK(ok);
	}
}

/* Version 2 (no VCPUS): the vCPUs are those with a context. */
static void test_version2(void)
{
	struct spec s = { 2, .no_vcpus = true, .max_vcpus = 2, .map = 3, .nr_ctx = 2,
			  .ctx_id = { 0, 1 } };
	struct xc_save_image_info info;

	CHECK(check(&s, &info) == 0);
	CHECK(info.version == 2 && info.vcpus == 2 && info.online == 2);
	if (!cur_ok)
		printf("#   %s\n", xc_save_error());
}

int main(void)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} tests[] = {
		{ "two_up", test_two_up }, { "one_down", test_one_down },
		{ "refusals", test_refusals }, { "version2", test_version2 },
		{ "pinned", test_pinned }, { "shapes", test_shapes },
	};
	unsigned int i, n = sizeof(tests) / sizeof(tests[0]);

	printf("TAP version 13\n1..%u\n", n);
	for (i = 0; i < n; i++) {
		cur_ok = true;
		tests[i].fn();
		result(tests[i].name);
	}
	printf("# %u passed, %u failed\n", n - failed, failed);
	return failed ? 1 : 0;
}
