// SPDX-License-Identifier: GPL-2.0
/*
 * test_cfg.c - domain config files: the seed sample, the reference config
 * and the xmexample1 that tools/examples/ ships parse to the expected
 * values; a table of good configs; a table of bad ones, each with its exact
 * error message; xm create-style overrides.
 */
#define _GNU_SOURCE
#include "../kselftest_harness.h"
#include "libxlutil.h"

static struct xlu_config *parse(const char *text, struct xlu_error *err)
{
	struct xlu_config *c = xlu_config_new();

	if (xlu_config_parse_string(c, "t.cfg", text, strlen(text), err)) {
		xlu_config_free(c);
		return NULL;
	}
	return c;
}

TEST(seed_sample_config)
{
	struct xlu_config *c = xlu_config_new();
	struct xlu_error err;
	const uint8_t mac[6] = { 0xaa, 0xcc, 0x10, 0x00, 0x00, 0xa1 };

	ASSERT_EQ(0, xlu_config_parse_file(c, XLU_TESTDATA "/iSCSI1.cfg",
					   &err));
	ASSERT_EQ(0, xlu_config_finish(c, &err));
	EXPECT_STREQ("/boot/vmlinuz-2.6.13-15.8-xen", c->kernel);
	EXPECT_STREQ("/boot/initrd-2.6.13-15.8-xen", c->ramdisk);
	EXPECT_EQ(128, c->memory);
	EXPECT_EQ(128, c->maxmem);
	EXPECT_STREQ("iSCSI1", c->name);
	EXPECT_FALSE(xlu_has(c, XLU_VCPUS));	/* commented out */
	EXPECT_EQ(1, c->vcpus);
	ASSERT_EQ(1, c->nr_vifs);
	EXPECT_TRUE(c->vifs[0].has_mac);
	EXPECT_EQ(0, memcmp(mac, c->vifs[0].mac, 6));
	EXPECT_STREQ("xenbr0", c->vifs[0].bridge);
	EXPECT_EQ(NULL, c->vifs[0].ip);
	ASSERT_EQ(1, c->nr_disks);
	EXPECT_EQ(XLU_DISK_PHY, c->disks[0].kind);
	EXPECT_STREQ("phy:VG_new/LV_iSCSI1", c->disks[0].uname);
	EXPECT_STREQ("VG_new/LV_iSCSI1", c->disks[0].target);
	EXPECT_STREQ("hda1", c->disks[0].vdev);
	EXPECT_TRUE(c->disks[0].writable);
	EXPECT_FALSE(c->disks[0].shareable);
	EXPECT_EQ(NULL, c->disks[0].backend);
	EXPECT_STREQ("dhcp", c->dhcp);
	EXPECT_STREQ("iSCSI1", c->hostname);
	EXPECT_STREQ("/dev/hda1 ro", c->root);
	EXPECT_FALSE(xlu_has(c, XLU_EXTRA));
	EXPECT_EQ(NULL, c->extra);
	EXPECT_EQ(XLU_ACTION_DESTROY, c->on_poweroff);
	EXPECT_EQ(XLU_ACTION_RESTART, c->on_reboot);
	EXPECT_EQ(XLU_ACTION_RESTART, c->on_crash);
	xlu_config_free(c);
}

/* The sample /etc/xen/xmexample1 that make install ships. */
TEST(shipped_xmexample1)
{
	struct xlu_config *c = xlu_config_new();
	struct xlu_error err;

	int rc = xlu_config_parse_file(c, XEN_EXAMPLES "/xmexample1", &err);

	if (!rc)
		rc = xlu_config_finish(c, &err);
	if (rc)
		TH_LOG("%s", err.msg);
	ASSERT_EQ(0, rc);
	EXPECT_STREQ("/usr/lib/kernel-xen/vmlinuz", c->kernel);
	EXPECT_STREQ("ExampleDomain", c->name);
	EXPECT_EQ(2, c->vcpus);
	EXPECT_EQ(1, c->nr_vifs);
	EXPECT_EQ(1, c->nr_disks);
	xlu_config_free(c);
}

TEST(reference_nbd_config)
{
	struct xlu_config *c = xlu_config_new();
	struct xlu_error err;

	ASSERT_EQ(0, xlu_config_parse_file(c, XLU_TESTDATA "/nbd4.cfg", &err));
	EXPECT_EQ(2, c->vcpus);
	ASSERT_EQ(3, c->nr_disks);
	EXPECT_EQ(XLU_DISK_FILE, c->disks[1].kind);
	EXPECT_STREQ("/var/xen/data.img", c->disks[1].target);
	EXPECT_STREQ("hda2", c->disks[1].vdev);
	EXPECT_EQ(XLU_DISK_NBD, c->disks[2].kind);
	EXPECT_STREQ("134.100.233.115", c->disks[2].nbd_host);
	EXPECT_EQ(20004, c->disks[2].nbd_port);
	EXPECT_STREQ("3", c->extra);
	EXPECT_EQ(XLU_ACTION_PRESERVE, c->on_crash);
	xlu_config_free(c);
}

TEST(syntax_variants)
{
	static const char text[] =
		"# comment\r\n"
		"kernel='/k' ; ramdisk = \"/r\"\n"
		"\n"
		"memory = 0x100   # hex, and a comment\n"
		"vcpus = \"4\"\n"
		"vif = [\n"
		"  'mac=00:16:3e:00:00:01',   # first\n"
		"\n"
		"  \"bridge=xenbr1\",\n"
		"]\n"
		"vif += [ '' ]\n"
		"disk = []\n"
		"disk += [ 'tap:aio:/img/a.img,xvda,w!', ',hdc:cdrom,r' ]\n"
		"extra = 'a\\tb\\x41\\101\\'\\q'\n"
		"root = \"/dev/sda1 \\\n"
		"ro\"\n"
		"cpu_weight = 1.5\n"
		"cpu_cap = 50\n"
		"uuid = 'a3b4c5d6-0000-1111-2222-333344445555'\n"
		"cpus = '0-3,5,^1'\n"
		"ip = '10.0.0.2'; netmask = '255.255.255.0'; gateway='10.0.0.1'\n"
		"on_reboot = 'rename-restart'\n"
		"bootloader = '/usr/bin/pygrub'\n"
		"maxmem = 512\n"
		"dhcp = 'off'\n"
		"name = 'a-b_c.d'";
	struct xlu_error err;
	struct xlu_config *c = parse(text, &err);

	if (!c)
		TH_LOG("%s", err.msg);
	ASSERT_NE(NULL, c);
	EXPECT_STREQ("/k", c->kernel);
	EXPECT_STREQ("/r", c->ramdisk);
	EXPECT_EQ(256, c->memory);
	EXPECT_EQ(4, c->vcpus);
	ASSERT_EQ(3, c->nr_vifs);
	EXPECT_TRUE(c->vifs[0].has_mac);
	EXPECT_EQ(0x01, c->vifs[0].mac[5]);
	EXPECT_STREQ("xenbr1", c->vifs[1].bridge);
	EXPECT_FALSE(c->vifs[2].has_mac);
	ASSERT_EQ(2, c->nr_disks);
	EXPECT_EQ(XLU_DISK_TAP_AIO, c->disks[0].kind);
	EXPECT_TRUE(c->disks[0].shareable);
	EXPECT_EQ(XLU_DISK_EMPTY, c->disks[1].kind);
	EXPECT_TRUE(c->disks[1].cdrom);
	EXPECT_FALSE(c->disks[1].writable);
	EXPECT_STREQ("a\tbAA'\\q", c->extra);
	EXPECT_STREQ("/dev/sda1 ro", c->root);
	EXPECT_EQ(1.5, c->cpu_weight);
	EXPECT_EQ(50, c->cpu_cap);
	EXPECT_EQ(0xa3, c->uuid[0]);
	EXPECT_EQ(0x55, c->uuid[15]);
	EXPECT_EQ(0x2d, c->cpumap[0]);	/* 0,2,3,5 */
	EXPECT_STREQ("10.0.0.1", c->gateway);
	EXPECT_EQ(XLU_ACTION_RENAME_RESTART, c->on_reboot);
	EXPECT_EQ(512, c->maxmem);
	EXPECT_STREQ("a-b_c.d", c->name);
	EXPECT_EQ(0, xlu_config_finish(c, &err));
	xlu_config_free(c);
}

TEST(later_assignment_wins)
{
	struct xlu_error err;
	struct xlu_config *c = parse("memory = 64\nmemory = 96\n"
				     "disk = ['phy:a,hda,r']\n"
				     "disk = ['phy:b,hdb,r']\n", &err);

	ASSERT_NE(NULL, c);
	EXPECT_EQ(96, c->memory);
	ASSERT_EQ(1, c->nr_disks);
	EXPECT_STREQ("b", c->disks[0].target);
	xlu_config_free(c);
}

struct bad_cfg {
	const char *text;
	const char *msg;
};

static const struct bad_cfg bad_cfgs[] = {
	{ "memroy = 128\n",
	  "t.cfg:1:1: unknown key 'memroy', expected a domain config key; "
	  "did you mean 'memory'?" },
	{ "kernel = '/k'\nMemory = 128\n",
	  "t.cfg:2:1: unknown key 'Memory', expected a domain config key; "
	  "did you mean 'memory'?" },
	{ "vcpu = 2\n",
	  "t.cfg:1:1: unknown key 'vcpu', expected a domain config key; "
	  "did you mean 'vcpus'?" },
	{ "memory = 12x8\n",
	  "t.cfg:1:10: memory: found number '12x8', expected a whole number "
	  "of MiB from 1 to 1048576, like 128" },
	{ "memory = 0\n",
	  "t.cfg:1:10: memory: found number '0', expected a whole number of "
	  "MiB from 1 to 1048576, like 128" },
	{ "memory = 128M\n",
	  "t.cfg:1:10: memory: found number '128M', expected a whole number "
	  "of MiB from 1 to 1048576, like 128" },
	{ "memory = '128 MB'\n",
	  "t.cfg:1:10: memory: found string '128 MB', expected a whole "
	  "number of MiB from 1 to 1048576, like 128" },
	{ "memory = 0128\n",
	  "t.cfg:1:10: memory: found number '0128', expected a whole number "
	  "of MiB from 1 to 1048576, like 128" },
	{ "memory = 1048577\n",
	  "t.cfg:1:10: memory: found number '1048577', expected a whole "
	  "number of MiB from 1 to 1048576, like 128" },
	{ "maxmem = 99999999999999999999\n",
	  "t.cfg:1:10: maxmem: found number '99999999999999999999', expected "
	  "a whole number of MiB from 1 to 1048576, like 128" },
	{ "memory = [128]\n",
	  "t.cfg:1:10: memory: found a list, expected a single value, not a "
	  "list" },
	{ "memory = -5\n",
	  "t.cfg:1:10: syntax error: found '-', expected a quoted string, a "
	  "number or a [list] as the value of 'memory' (Python expressions "
	  "are not supported: write the value out)" },
	{ "name = \"VM%d\" % vmid\n",
	  "t.cfg:1:15: syntax error: found '%', expected end of line after "
	  "the value of 'name' (Python expressions are not supported: write "
	  "the value out)" },
	{ "name = 'a b'\n",
	  "t.cfg:1:8: name: found string 'a b', expected a quoted name of "
	  "1-64 characters without spaces, '/' or '\\'" },
	{ "name = 5\n",
	  "t.cfg:1:8: name: found number '5', expected a quoted name of 1-64 "
	  "characters without spaces, '/' or '\\'" },
	{ "vcpus = 2 3\n",
	  "t.cfg:1:11: syntax error: found number 3, expected end of line "
	  "after the value of 'vcpus' (one value per key: use a [list] for "
	  "several)" },
	{ "vcpus = 129\n",
	  "t.cfg:1:9: vcpus: found number '129', expected a whole number from "
	  "1 to 128" },
	{ "kernel =\n",
	  "t.cfg:1:9: syntax error: found end of line, expected a quoted "
	  "string, a number or a [list] as the value of 'kernel'" },
	{ "kernel = ''\n",
	  "t.cfg:1:10: kernel: found string '', expected a non-empty quoted "
	  "path" },
	{ "kernel '/k'\n",
	  "t.cfg:1:8: syntax error: found string '/k', expected '=' after "
	  "'kernel' (one value per key: use a [list] for several)" },
	{ "kernel = \"/boot/vmlinuz\n",
	  "t.cfg:1:24: syntax error: found end of line, expected the closing "
	  "\" of the string opened at 1:10" },
	{ "kernel = '/k",
	  "t.cfg:1:13: syntax error: found end of file, expected the closing "
	  "' of the string opened at 1:10" },
	{ "kernel = '''/k'''\n",
	  "t.cfg:1:10: syntax error: found ''', expected a string in single "
	  "or double quotes (triple-quoted strings are not supported)" },
	{ "extra = '\\x'\n",
	  "t.cfg:1:12: syntax error: found a bad \\x escape, expected \\xHH "
	  "or \\ooo giving a byte 1-255" },
	{ "dhcp = dhcp\n",
	  "t.cfg:1:8: syntax error: found name 'dhcp', expected a quoted "
	  "string, a number or a [list] as the value of 'dhcp' (Python names "
	  "are not supported; quote it)" },
	{ "dhcp = 'yes'\n",
	  "t.cfg:1:8: dhcp: found string 'yes', expected \"dhcp\" or \"off\"" },
	{ "= 5\n",
	  "t.cfg:1:1: syntax error: found '=', expected a key name at the "
	  "start of a line" },
	{ "  [1]\n",
	  "t.cfg:1:3: syntax error: found '[', expected a key name at the "
	  "start of a line" },
	{ "disk = [ 'phy:a,hda,w'\n",
	  "t.cfg:2:1: syntax error: found end of file, expected ',' or ']' "
	  "to close the list opened at 1:8" },
	{ "disk = [ 'phy:a,hda,w' 'phy:b,hdb,w' ]\n",
	  "t.cfg:1:24: syntax error: found string 'phy:b,hdb,w', expected ',' "
	  "or ']' to close the list opened at 1:8 (one value per key: use a "
	  "[list] for several)" },
	{ "disk = [ [ 'x' ] ]\n",
	  "t.cfg:1:10: syntax error: found '[', expected a string or a number "
	  "(lists do not nest)" },
	{ "disk = [ , ]\n",
	  "t.cfg:1:10: syntax error: found ',', expected a string, a number "
	  "or ']' to close the list opened at 1:8" },
	{ "disk = 'phy:a,hda,w'\n",
	  "t.cfg:1:8: disk: found string 'phy:a,hda,w', expected a [list] of "
	  "quoted disk specs" },
	{ "disk = [ 5 ]\n",
	  "t.cfg:1:10: disk: found number '5', expected a quoted disk spec "
	  "like 'phy:sda1,hda1,w'" },
	{ "disk = [ 'phy:a,hda' ]\n",
	  "t.cfg:1:10: disk: found 2 fields in 'phy:a,hda', expected 3 or 4: "
	  "target,device,mode[,backend]" },
	{ "vif = [ 'mac=aa:cc:10:00:00, bridge=xenbr0' ]\n",
	  "t.cfg:1:9: vif: found mac=aa:cc:10:00:00 in 'mac=aa:cc:10:00:00, "
	  "bridge=xenbr0', expected a MAC address of six two-digit hex bytes "
	  "like 00:16:3e:12:34:56" },
	{ "vif = [ 'mac=00:16:3e:00:00:01', 'brdge=xenbr0' ]\n",
	  "t.cfg:1:34: vif: found unknown key 'brdge' in 'brdge=xenbr0', "
	  "expected mac=, bridge=, ip=, script=, vifname=, type=, backend= "
	  "or be_mac=" },
	{ "vif = 'bridge=xenbr0'\n",
	  "t.cfg:1:7: vif: found string 'bridge=xenbr0', expected a [list] "
	  "of quoted vif specs" },
	{ "memory += 5\n",
	  "t.cfg:1:1: memory: found '+=', expected '=' ('+=' only extends vif "
	  "and disk lists)" },
	{ "on_crash = 'explode'\n",
	  "t.cfg:1:12: on_crash: found string 'explode', expected \"destroy\", "
	  "\"restart\", \"preserve\" or \"rename-restart\"" },
	{ "uuid = 'a3b4c5d6-0000-1111-2222-33334444555'\n",
	  "t.cfg:1:8: uuid: found string "
	  "'a3b4c5d6-0000-1111-2222-33334444555', expected a quoted UUID "
	  "like \"a3b4c5d6-0000-1111-2222-333344445555\"" },
	{ "ip = '10.0.0.256'\n",
	  "t.cfg:1:6: ip: found string '10.0.0.256', expected a quoted IPv4 "
	  "address like \"10.0.0.1\"" },
	{ "netmask = 255\n",
	  "t.cfg:1:11: netmask: found number '255', expected a quoted IPv4 "
	  "address like \"10.0.0.1\"" },
	{ "cpus = '0-3,^'\n",
	  "t.cfg:1:8: cpus: found '0-3,^', expected a CPU list like 0-3,5,^1 "
	  "(CPUs 0-255)" },
	{ "cpus = [0]\n",
	  "t.cfg:1:8: cpus: found a list, expected a quoted CPU list like "
	  "\"0-3,5,^1\"" },
	{ "cpu_weight = 0\n",
	  "t.cfg:1:14: cpu_weight: found number '0', expected a positive "
	  "number up to 65535, like 256 or 1.5" },
	{ "cpu_cap = 1.5\n",
	  "t.cfg:1:11: cpu_cap: found number '1.5', expected a whole "
	  "percentage of one CPU from 0 (no cap) to 12800" },
	{ "kernel = '/k'\nroot = '/dev/sda1'\nextra = 3\n",
	  "t.cfg:3:9: extra: found number '3', expected a quoted string" },
	{ "kernel = '/k' # fine\n\tramdisk = '/r' bootloader\n",
	  "t.cfg:2:17: syntax error: found name 'bootloader', expected end of "
	  "line after the value of 'ramdisk'" },
};

TEST(bad_configs_exact_messages)
{
	for (size_t i = 0; i < sizeof(bad_cfgs) / sizeof(bad_cfgs[0]); i++) {
		struct xlu_error err;
		struct xlu_config *c = parse(bad_cfgs[i].text, &err);

		if (c) {
			TH_LOG("accepted: %s", bad_cfgs[i].text);
			_metadata->result->failed = 1;
			xlu_config_free(c);
			continue;
		}
		EXPECT_STREQ(bad_cfgs[i].msg, err.msg);
	}
}

TEST(nul_byte_is_rejected)
{
	struct xlu_config *c = xlu_config_new();
	struct xlu_error err;

	EXPECT_EQ(-1, xlu_config_parse_string(c, "t.cfg", "kernel = '/k'\n\0",
					      15, &err));
	EXPECT_STREQ("t.cfg:2:1: syntax error: found a NUL byte, expected "
		     "text", err.msg);
	EXPECT_EQ(2, err.line);
	EXPECT_EQ(1, err.col);
	EXPECT_STREQ("t.cfg", err.file);
	xlu_config_free(c);
}

TEST(cross_key_checks)
{
	struct xlu_error err;
	struct xlu_config *c = parse("memory = 128\n", &err);

	ASSERT_NE(NULL, c);
	EXPECT_EQ(-1, xlu_config_finish(c, &err));
	EXPECT_STREQ("No kernel specified", err.msg);
	xlu_config_free(c);
	c = parse("bootloader = '/usr/bin/pygrub'\nmemory = 128\n"
		  "maxmem = 64\n", &err);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(-1, xlu_config_finish(c, &err));
	EXPECT_STREQ("maxmem: found 64, expected at least memory (128 MiB)",
		     err.msg);
	xlu_config_free(c);
}

TEST(missing_file)
{
	struct xlu_config *c = xlu_config_new();
	struct xlu_error err;

	EXPECT_EQ(-1, xlu_config_parse_file(c, "/nonexistent/x.cfg", &err));
	EXPECT_STREQ("Cannot open config file \"/nonexistent/x.cfg\": No such "
		     "file or directory", err.msg);
	xlu_config_free(c);
}

TEST(command_line_overrides)
{
	struct xlu_config *c = xlu_config_new();
	struct xlu_error err;

	ASSERT_EQ(0, xlu_config_parse_file(c, XLU_TESTDATA "/iSCSI1.cfg",
					   &err));
	ASSERT_EQ(0, xlu_config_override(c, "memory=256", 1, &err));
	ASSERT_EQ(0, xlu_config_override(c, "name=iSCSI2", 2, &err));
	ASSERT_EQ(0, xlu_config_override(c, "vcpus=2", 3, &err));
	ASSERT_EQ(0, xlu_config_override(c, "vif=mac=00:16:3e:00:00:02", 4,
					 &err));
	ASSERT_EQ(0, xlu_config_override(c, "disk=file:/x.img,hdb,r", 5,
					 &err));
	ASSERT_EQ(0, xlu_config_override(c, "extra=", 6, &err));
	EXPECT_EQ(256, c->memory);
	EXPECT_STREQ("iSCSI2", c->name);
	EXPECT_EQ(2, c->vcpus);
	ASSERT_EQ(2, c->nr_vifs);
	EXPECT_EQ(0x02, c->vifs[1].mac[5]);
	ASSERT_EQ(2, c->nr_disks);
	EXPECT_STREQ("/x.img", c->disks[1].target);
	EXPECT_STREQ("", c->extra);

	EXPECT_EQ(-1, xlu_config_override(c, "memroy=5", 7, &err));
	EXPECT_STREQ("command line:7:1: unknown key 'memroy', expected a "
		     "domain config key; did you mean 'memory'?", err.msg);
	EXPECT_EQ(-1, xlu_config_override(c, "memory=abc", 8, &err));
	EXPECT_STREQ("command line:8:8: memory: found string 'abc', expected "
		     "a whole number of MiB from 1 to 1048576, like 128",
		     err.msg);
	EXPECT_EQ(-1, xlu_config_override(c, "vif=mac=1:2", 9, &err));
	EXPECT_STREQ("command line:9:5: vif: found mac=1:2 in 'mac=1:2', "
		     "expected a MAC address of six two-digit hex bytes like "
		     "00:16:3e:12:34:56", err.msg);
	EXPECT_EQ(-1, xlu_config_override(c, "novalue", 10, &err));
	EXPECT_STREQ("command line:10:1: found 'novalue', expected key=value",
		     err.msg);
	EXPECT_EQ(-1, xlu_config_override(c, "=5", 11, &err));
	EXPECT_STREQ("command line:11:1: found '=5', expected key=value",
		     err.msg);
	/* A failed override changed nothing. */
	EXPECT_EQ(256, c->memory);
	EXPECT_EQ(2, c->nr_vifs);
	xlu_config_free(c);
}

TEST(nearest_key)
{
	EXPECT_STREQ("memory", xlu_nearest_key("mem"));
	EXPECT_STREQ("ramdisk", xlu_nearest_key("ramdsik"));
	EXPECT_STREQ("on_crash", xlu_nearest_key("oncrash"));
	EXPECT_STREQ("cpu_weight", xlu_nearest_key("cpu-weight"));
	EXPECT_STREQ("disk", xlu_nearest_key("disks"));
}

TEST_HARNESS_MAIN
