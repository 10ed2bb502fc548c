// SPDX-License-Identifier: GPL-2.0
/*
 * xlu_bench.c - how fast libxlu parses: the seed config, and one large
 * generated config, in parses per second and MB/s.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libxlutil.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run(const char *what, const char *text, size_t len)
{
	double t0 = now(), t;
	long n = 0;

	do {
		for (int i = 0; i < 100; i++, n++) {
			struct xlu_config *c = xlu_config_new();
			struct xlu_error err;

			if (xlu_config_parse_string(c, "bench", text, len,
						    &err)) {
				fprintf(stderr, "%s\n", err.msg);
				return 1;
			}
			xlu_config_free(c);
		}
		t = now() - t0;
	} while (t < 1.0);
	printf("%-28s %10.0f parses/s %8.1f MB/s\n", what, n / t,
	       n * len / t / 1e6);
	return 0;
}

int main(void)
{
	static const char seed[] =
		"kernel = \"/boot/vmlinuz-2.6.13-15.8-xen\"\n"
		"ramdisk = \"/boot/initrd-2.6.13-15.8-xen\"\n"
		"memory = 128\n"
		"name = \"iSCSI1\"\n"
		"#vcpus = 2\n"
		"vif = [ 'mac=aa:cc:10:00:00:a1, bridge=xenbr0' ]\n"
		"disk = [ 'phy:VG_new/LV_iSCSI1,hda1,w' ]\n"
		"dhcp = \"dhcp\"\n"
		"hostname = \"iSCSI1\"\n"
		"root = \"/dev/hda1 ro\"\n"
		"# extra = \"\"\n";
	size_t cap = 1 << 20, len = 0;
	char *big = malloc(cap);
	int ret;

	if (!big)
		return 1;
	len += snprintf(big, cap, "kernel = '/k'\nvif = [\n");
	for (int i = 0; i < 200; i++)
		len += snprintf(big + len, cap - len, "  'mac=00:16:3e:00:%02x:"
				"%02x, bridge=xenbr0, ip=10.0.%d.%d',\n",
				i / 256, i % 256, i / 256, i % 256);
	len += snprintf(big + len, cap - len, "]\ndisk = [\n");
	for (int i = 0; i < 200; i++)
		len += snprintf(big + len, cap - len,
				"  'file:/var/xen/disk%d.img,xvd%c%c,w',\n", i,
				'a' + i / 26, 'a' + i % 26);
	len += snprintf(big + len, cap - len, "]\n");
	ret = run("seed sample config", seed, sizeof(seed) - 1);
	ret |= run("200 vifs + 200 disks", big, len);
	free(big);
	return ret;
}
