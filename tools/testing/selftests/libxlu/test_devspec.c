// SPDX-License-Identifier: GPL-2.0
/*
 * test_devspec.c - vif and disk spec strings and CPU lists on their own,
 * good ones field by field, bad ones with their exact messages.
 */
#define _GNU_SOURCE
#include "../kselftest_harness.h"
#include "libxlutil.h"

#define W "w: "

TEST(vif_specs)
{
	struct xlu_error err;
	struct xlu_vif v;

	ASSERT_EQ(0, xlu_parse_vif(" mac = 00:16:3E:aa:bb:cc , bridge=br0,"
				   "ip=10.0.0.2 10.0.0.3, script=vif-route,"
				   "vifname=vif-web,type=ioemu,backend=1,"
				   "be_mac=00:16:3e:00:00:09", &v, W, &err));
	EXPECT_TRUE(v.has_mac);
	EXPECT_EQ(0x3e, v.mac[2]);
	EXPECT_EQ(0xcc, v.mac[5]);
	EXPECT_STREQ("br0", v.bridge);
	EXPECT_STREQ("10.0.0.2 10.0.0.3", v.ip);
	EXPECT_STREQ("vif-route", v.script);
	EXPECT_STREQ("vif-web", v.vifname);
	EXPECT_STREQ("ioemu", v.type);
	EXPECT_STREQ("1", v.backend);
	EXPECT_TRUE(v.has_be_mac);
	EXPECT_EQ(9, v.be_mac[5]);
	xlu_vif_free(&v);
	ASSERT_EQ(0, xlu_parse_vif("  ", &v, W, &err));
	EXPECT_FALSE(v.has_mac);
	EXPECT_EQ(NULL, v.bridge);
}

static const struct { const char *spec, *msg; } bad_vifs[] = {
	{ "mac=00:16:3e:00:00", "w: found mac=00:16:3e:00:00 in "
	  "'mac=00:16:3e:00:00', expected a MAC address of six two-digit hex "
	  "bytes like 00:16:3e:12:34:56" },
	{ "mac=00:16:3e:00:00:0g", "w: found mac=00:16:3e:00:00:0g in "
	  "'mac=00:16:3e:00:00:0g', expected a MAC address of six two-digit "
	  "hex bytes like 00:16:3e:12:34:56" },
	{ "mac=0:16:3e:00:00:01", "w: found mac=0:16:3e:00:00:01 in "
	  "'mac=0:16:3e:00:00:01', expected a MAC address of six two-digit "
	  "hex bytes like 00:16:3e:12:34:56" },
	{ "mac=00-16-3e-00-00-01", "w: found mac=00-16-3e-00-00-01 in "
	  "'mac=00-16-3e-00-00-01', expected a MAC address of six two-digit "
	  "hex bytes like 00:16:3e:12:34:56" },
	{ "mac=01:16:3e:00:00:01", "w: found mac=01:16:3e:00:00:01 in "
	  "'mac=01:16:3e:00:00:01', expected a unicast MAC address (the "
	  "first byte must be even)" },
	{ "mac=00:16:3e:00:00:01,mac=00:16:3e:00:00:02", "w: found a second "
	  "'mac=' in 'mac=00:16:3e:00:00:01,mac=00:16:3e:00:00:02', expected "
	  "each key once" },
	{ "bridge=a,bridge=b", "w: found a second 'bridge=' in "
	  "'bridge=a,bridge=b', expected each key once" },
	{ "bridge", "w: found 'bridge' in 'bridge', expected key=value with "
	  "key one of mac=, bridge=, ip=, script=, vifname=, type=, backend= "
	  "or be_mac=" },
	{ "bridge=", "w: found an empty value for 'bridge=' in 'bridge=', "
	  "expected a value" },
	{ "bridge=a-bridge-name-too-long", "w: found "
	  "bridge=a-bridge-name-too-long in 'bridge=a-bridge-name-too-long', "
	  "expected an interface name of 1-15 characters without spaces, '/' "
	  "or ':'" },
	{ "vifname=a/b", "w: found vifname=a/b in 'vifname=a/b', expected an "
	  "interface name of 1-15 characters without spaces, '/' or ':'" },
	{ "ip=10.0.0", "w: found ip=10.0.0 in 'ip=10.0.0', expected IPv4 "
	  "addresses like 10.0.0.2, separated by spaces" },
	{ "type=e1000", "w: found type=e1000 in 'type=e1000', expected "
	  "type=ioemu or type=netfront" },
	{ "model=e1000", "w: found unknown key 'model' in 'model=e1000', "
	  "expected mac=, bridge=, ip=, script=, vifname=, type=, backend= or "
	  "be_mac=" },
};

TEST(bad_vif_specs)
{
	for (size_t i = 0; i < sizeof(bad_vifs) / sizeof(bad_vifs[0]); i++) {
		struct xlu_error err = { 0 };
		struct xlu_vif v;

		EXPECT_EQ(-1, xlu_parse_vif(bad_vifs[i].spec, &v, W, &err));
		EXPECT_STREQ(bad_vifs[i].msg, err.msg);
	}
}

TEST(disk_specs)
{
	struct xlu_error err;
	struct xlu_disk d;

	ASSERT_EQ(0, xlu_parse_disk("phy:/dev/sda6, sda6 ,r", &d, W, &err));
	EXPECT_EQ(XLU_DISK_PHY, d.kind);
	EXPECT_STREQ("/dev/sda6", d.target);
	EXPECT_STREQ("sda6", d.vdev);
	EXPECT_FALSE(d.writable);
	xlu_disk_free(&d);
	ASSERT_EQ(0, xlu_parse_disk("nbd:10.1.2.3 20004,hda3,w,dom-store",
				    &d, W, &err));
	EXPECT_EQ(XLU_DISK_NBD, d.kind);
	EXPECT_STREQ("10.1.2.3", d.nbd_host);
	EXPECT_EQ(20004, d.nbd_port);
	EXPECT_STREQ("dom-store", d.backend);
	xlu_disk_free(&d);
	ASSERT_EQ(0, xlu_parse_disk("tap:aio:/img/a.img,ioemu:hda,rw!", &d, W,
				    &err));
	EXPECT_EQ(XLU_DISK_TAP_AIO, d.kind);
	EXPECT_TRUE(d.ioemu);
	EXPECT_TRUE(d.writable);
	EXPECT_TRUE(d.shareable);
	xlu_disk_free(&d);
	ASSERT_EQ(0, xlu_parse_disk("file:/iso/x.iso,hdc:cdrom,ro", &d, W,
				    &err));
	EXPECT_TRUE(d.cdrom);
	EXPECT_STREQ("hdc", d.vdev);
	xlu_disk_free(&d);
	ASSERT_EQ(0, xlu_parse_disk("phy:VG/LV,0x301,w", &d, W, &err));
	EXPECT_STREQ("0x301", d.vdev);
	xlu_disk_free(&d);
	ASSERT_EQ(0, xlu_parse_disk("phy:VG/LV,xvdab12,w", &d, W, &err));
	xlu_disk_free(&d);
}

static const struct { const char *spec, *msg; } bad_disks[] = {
	{ "phy:a", "w: found 1 field in 'phy:a', expected 3 or 4: "
	  "target,device,mode[,backend]" },
	{ "phy:a,hda,w,0,x", "w: found more than 4 fields in "
	  "'phy:a,hda,w,0,x', expected 3 or 4: target,device,mode[,backend]" },
	{ "lvm:a,hda,w", "w: found 'lvm:a' in 'lvm:a,hda,w', expected a "
	  "target starting phy:, file:, nbd:, tap:aio:, tap:sync: or "
	  "tap:qcow:" },
	{ "/dev/sda1,hda,w", "w: found '/dev/sda1' in '/dev/sda1,hda,w', "
	  "expected a target starting phy:, file:, nbd:, tap:aio:, tap:sync: "
	  "or tap:qcow:" },
	{ "phy:,hda,w", "w: found nothing after 'phy:' in 'phy:,hda,w', "
	  "expected a device or file" },
	{ "file:disk.img,hda,w", "w: found relative path 'disk.img' in "
	  "'file:disk.img,hda,w', expected an absolute path (relative paths "
	  "depend on xend's directory)" },
	{ "nbd:10.0.0.1,hda,w", "w: found 'nbd:10.0.0.1' in "
	  "'nbd:10.0.0.1,hda,w', expected nbd:IP PORT like nbd:10.0.0.1 "
	  "20004" },
	{ "nbd:10.0.0.1 70000,hda,w", "w: found 'nbd:10.0.0.1 70000' in "
	  "'nbd:10.0.0.1 70000,hda,w', expected nbd:IP PORT like nbd:10.0.0.1 "
	  "20004" },
	{ "nbd:host 2000,hda,w", "w: found 'nbd:host 2000' in "
	  "'nbd:host 2000,hda,w', expected nbd:IP PORT like nbd:10.0.0.1 "
	  "20004" },
	{ "phy:a,floppy,w", "w: found device 'floppy' in 'phy:a,floppy,w', "
	  "expected a guest device like hda1, sda1, xvda or 0x301" },
	{ "phy:a,hda1x,w", "w: found device 'hda1x' in 'phy:a,hda1x,w', "
	  "expected a guest device like hda1, sda1, xvda or 0x301" },
	{ "phy:a,0x,w", "w: found device '0x' in 'phy:a,0x,w', expected a "
	  "guest device like hda1, sda1, xvda or 0x301" },
	{ "phy:a,hda,x", "w: found mode 'x' in 'phy:a,hda,x', expected r, ro, "
	  "w, rw, w! or rw!" },
	{ "phy:a,hda,", "w: found mode '' in 'phy:a,hda,', expected r, ro, w, "
	  "rw, w! or rw!" },
	{ ",hda,r", "w: found an empty target in ',hda,r', expected one (only "
	  "a :cdrom device may be empty)" },
	{ "phy:a,hda,w,", "w: found an empty backend in 'phy:a,hda,w,', "
	  "expected a domain name or id" },
};

TEST(bad_disk_specs)
{
	for (size_t i = 0; i < sizeof(bad_disks) / sizeof(bad_disks[0]); i++) {
		struct xlu_error err = { 0 };
		struct xlu_disk d;

		EXPECT_EQ(-1, xlu_parse_disk(bad_disks[i].spec, &d, W, &err));
		EXPECT_STREQ(bad_disks[i].msg, err.msg);
	}
}

TEST(cpu_lists)
{
	static const struct { const char *s; uint64_t w0, w3; } good[] = {
		{ "0", 1, 0 }, { "0-3,5,^1", 0x2d, 0 }, { "255", 0, 1ull << 63 },
		{ "0-7,^0,^7", 0x7e, 0 }, { "3,1", 0xa, 0 },
	};
	static const char *const bad[] = {
		"", "-1", "1-", "3-1", "256", "0-3,", ",1", "a", "^", "1 2",
		"0--3", "^1-3",
	};
	struct xlu_error err;
	uint64_t map[XLU_MAX_CPUS / 64];
	char want[128];

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ASSERT_EQ(0, xlu_parse_cpus(good[i].s, map, W, &err));
		EXPECT_EQ(good[i].w0, map[0]);
		EXPECT_EQ(good[i].w3, map[3]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-1, xlu_parse_cpus(bad[i], map, W, &err));
		snprintf(want, sizeof(want), "w: found '%s', expected a CPU "
			 "list like 0-3,5,^1 (CPUs 0-255)", bad[i]);
		EXPECT_STREQ(want, err.msg);
	}
}

TEST_HARNESS_MAIN
