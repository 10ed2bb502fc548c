// SPDX-License-Identifier: GPL-2.0
/*
 * test_devices.c - xend's vifs and vbds (tools/xend/xend_device.c) on the
 * fake hypervisor and store: the backend and frontend directories and
 * their permissions, guest device numbers, the hotplug script's report
 * (connected, an error with its reason, silence until the timeout) and
 * the undo of everything when one fails, the one-writer rule for disk
 * images, teardown on destroy, MACs kept across a reboot, and
 * network-/block-attach, -detach and -list through the protocol.
 *
 * The hotplug runner is replaced by script(), which plays the script's
 * part in the store; the real scripts run in domain 0's check
 * (tools/testing/devices-dom0).  What this cannot tell: whether Linux's
 * backends accept what is written.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../kselftest_harness.h"
#include "xend.h"

static double clock_now = 1000000.0;
static double fake_now(void)
{
	return clock_now;
}

static char kernel_path[64];

/* What the fake script does on add/online. */
static enum { S_CONNECT, S_ERROR, S_SILENT, S_EXEC_FAILS } behaviour;
static const char *fail_class;		/* only for this class; NULL: all */
static char calls[4096];		/* "action bepath vif;" each */

static int script(struct xend *x, const struct xend_hotplug *h, char *err,
		  size_t errlen)
{
	char p[160];
	size_t n = strlen(calls);
	bool add = !strcmp(h->action, "online") || !strcmp(h->action, "add");
	bool fails = !fail_class || !strcmp(fail_class, h->cls);

	snprintf(calls + n, sizeof(calls) - n, "%s %s %s;", h->action,
		 h->bepath, h->vif ? h->vif : "-");
	snprintf(p, sizeof(p), "%s/hotplug-status", h->bepath);
	if (!add) {
		x->st->rm(x->sth, p);
		return 0;
	}
	switch (fails ? behaviour : S_CONNECT) {
	case S_CONNECT:
		return x->st->write(x->sth, p, "connected");
	case S_ERROR:
		x->st->write(x->sth, p, "error");
		snprintf(p, sizeof(p), "%s/hotplug-error", h->bepath);
		return x->st->write(x->sth, p, "bridge xenbr9 does not exist");
	case S_SILENT:
		return 0;
	case S_EXEC_FAILS:
		snprintf(err, errlen, "%s %s failed (exit status 1)", h->script,
			 h->action);
		return -1;
	}
	return 0;
}

struct env {
	struct xend x;
	struct xend_fake *f;
};

static void env_init(struct env *e)
{
	int fd;

	memset(e, 0, sizeof(*e));
	xend_log_open(NULL, XLOG_CRITICAL, false);
	e->f = xend_fake_new();
	e->x.hv = &xend_fake_hv_ops;
	e->x.hvh = e->f;
	e->x.st = &xend_fake_store_ops;
	e->x.sth = e->f;
	e->x.now = fake_now;
	e->x.hotplug = script;
	e->x.hotplug_timeout_ms = 300;
	xend_conf_defaults(&e->x.conf);
	behaviour = S_CONNECT;
	fail_class = NULL;
	calls[0] = '\0';
	strcpy(kernel_path, "/tmp/test_devices_kernelXXXXXX");
	fd = mkstemp(kernel_path);
	if (fd >= 0) {
		if (write(fd, "ELF", 3) != 3)
			abort();
		close(fd);
	}
	if (xend_init(&e->x))
		abort();
}

static void env_fini(struct env *e)
{
	xend_fini(&e->x);
	xend_fake_free(e->f);
	unlink(kernel_path);
}

static char **strv(const char *a, const char *b)
{
	char **v = calloc(3, sizeof(char *));

	v[0] = a ? strdup(a) : NULL;
	v[1] = b ? strdup(b) : NULL;
	return v;
}

/* A guest with at most one vif and one or two disks. */
static int create(struct env *e, const char *name, const char *vif,
		  const char *disk, const char *disk2, char *err, uint32_t *id)
{
	struct xend_domcfg c;
	uint32_t dummy;

	memset(&c, 0, sizeof(c));
	c.name = strdup(name);
	c.kernel = strdup(kernel_path);
	c.memory = 64;
	c.vcpus = 1;
	c.on_reboot = XA_RESTART;
	c.cpu_weight = c.cpu_cap = -1;
	c.vifs = strv(vif, NULL);
	c.nr_vifs = !!vif;
	c.disks = strv(disk, disk2);
	c.nr_disks = !!disk + !!disk2;
	return xend_domain_create(&e->x, &c, false, false, id ? id : &dummy,
				  err, 1024);
}

static char *rd(struct env *e, const char *path)
{
	static char buf[256];
	char *v = xend_fake_read(e->f, path);

	snprintf(buf, sizeof(buf), "%s", v ? v : "(none)");
	free(v);
	return buf;
}

static struct json_object *ask(struct env *e, const char *req)
{
	char *out = xend_handle_request(&e->x, req, strlen(req));
	struct json_object *o = json_tokener_parse(out);

	free(out);
	return o;
}

static bool ok(struct json_object *o, char *why, size_t len)
{
	struct json_object *v;
	bool res = json_object_object_get_ex(o, "ok", &v) &&
		   json_object_get_boolean(v);

	why[0] = '\0';
	if (json_object_object_get_ex(o, "error", &v))
		snprintf(why, len, "%s", json_object_get_string(v));
	return res;
}

#define VIF_A1 "mac=aa:cc:10:00:00:a1, bridge=xenbr0"

TEST(vdev_numbers)
{
	EXPECT_EQ(769, xend_vdev_number("hda1"));
	EXPECT_EQ(3 << 8 | 64, xend_vdev_number("hdb"));
	EXPECT_EQ(22 << 8 | 2, xend_vdev_number("hdc2"));
	EXPECT_EQ(8 << 8, xend_vdev_number("sda"));
	EXPECT_EQ(8 << 8 | 17, xend_vdev_number("sdb1"));
	EXPECT_EQ(202 << 8, xend_vdev_number("xvda"));
	EXPECT_EQ(202 << 8 | 17, xend_vdev_number("xvdb1"));
	EXPECT_EQ(1 << 28 | 16 << 8, xend_vdev_number("xvdq"));
	EXPECT_EQ(1 << 28 | 26 << 8 | 3, xend_vdev_number("xvdaa3"));
	EXPECT_EQ(51712, xend_vdev_number("51712"));
	EXPECT_EQ(-1, xend_vdev_number("fd0"));
	EXPECT_EQ(-1, xend_vdev_number("hda64"));
	EXPECT_EQ(-1, xend_vdev_number("xvd"));
	EXPECT_EQ(-1, xend_vdev_number("sdq"));
	EXPECT_EQ(-1, xend_vdev_number("0"));
}

TEST(create_writes_device_directories)
{
	struct env e;
	char err[1024];
	uint32_t id, owner, reader;

	env_init(&e);
	ASSERT_EQ(0, create(&e, "g1", VIF_A1, "file:/img/g1.img,hda1,w", NULL,
			    err, &id));
	if (err[0])
		TH_LOG("%s", err);
	ASSERT_EQ(1, id);
	EXPECT_STREQ("aa:cc:10:00:00:a1", rd(&e, "/local/domain/0/backend/vif/1/0/mac"));
	EXPECT_STREQ("xenbr0", rd(&e, "/local/domain/0/backend/vif/1/0/bridge"));
	EXPECT_STREQ("/local/domain/1/device/vif/0",
		     rd(&e, "/local/domain/0/backend/vif/1/0/frontend"));
	EXPECT_STREQ("1", rd(&e, "/local/domain/0/backend/vif/1/0/frontend-id"));
	EXPECT_STREQ("/etc/xen/scripts/vif-bridge",
		     rd(&e, "/local/domain/0/backend/vif/1/0/script"));
	EXPECT_STREQ("1", rd(&e, "/local/domain/0/backend/vif/1/0/state"));
	EXPECT_STREQ("1", rd(&e, "/local/domain/0/backend/vif/1/0/online"));
	EXPECT_STREQ("0", rd(&e, "/local/domain/0/backend/vif/1/0/handle"));
	EXPECT_STREQ("connected",
		     rd(&e, "/local/domain/0/backend/vif/1/0/hotplug-status"));
	EXPECT_STREQ("/local/domain/0/backend/vif/1/0",
		     rd(&e, "/local/domain/1/device/vif/0/backend"));
	EXPECT_STREQ("0", rd(&e, "/local/domain/1/device/vif/0/backend-id"));
	EXPECT_STREQ("aa:cc:10:00:00:a1", rd(&e, "/local/domain/1/device/vif/0/mac"));
	EXPECT_STREQ("1", rd(&e, "/local/domain/1/device/vif/0/state"));

	EXPECT_STREQ("file", rd(&e, "/local/domain/0/backend/vbd/1/769/type"));
	EXPECT_STREQ("/img/g1.img", rd(&e, "/local/domain/0/backend/vbd/1/769/params"));
	EXPECT_STREQ("w", rd(&e, "/local/domain/0/backend/vbd/1/769/mode"));
	EXPECT_STREQ("hda1", rd(&e, "/local/domain/0/backend/vbd/1/769/dev"));
	EXPECT_STREQ("769", rd(&e, "/local/domain/1/device/vbd/769/virtual-device"));
	EXPECT_STREQ("disk", rd(&e, "/local/domain/1/device/vbd/769/device-type"));

	/* Backend: domain 0's, the guest may read; frontend: the reverse. */
	ASSERT_EQ(0, xend_fake_perms(e.f, "/local/domain/0/backend/vif/1/0",
				     &owner, &reader));
	EXPECT_EQ(0, owner);
	EXPECT_EQ(1, reader);
	ASSERT_EQ(0, xend_fake_perms(e.f, "/local/domain/0/backend/vbd/1/769/params",
				     &owner, &reader));
	EXPECT_EQ(0, owner);
	EXPECT_EQ(1, reader);
	ASSERT_EQ(0, xend_fake_perms(e.f, "/local/domain/1/device/vbd/769/state",
				     &owner, &reader));
	EXPECT_EQ(1, owner);
	EXPECT_EQ(0, reader);
	EXPECT_STREQ("online /local/domain/0/backend/vif/1/0 vif1.0;"
		     "add /local/domain/0/backend/vbd/1/769 -;", calls);
	env_fini(&e);
}

TEST(disk_kinds)
{
	struct env e;
	char err[1024];

	env_init(&e);
	ASSERT_EQ(0, create(&e, "g1", NULL, "phy:vg0/lv1,xvda,r",
			    "nbd:10.0.0.1 20001,hda1,w", err, NULL));
	if (err[0])
		TH_LOG("%s", err);
	EXPECT_STREQ("phy", rd(&e, "/local/domain/0/backend/vbd/1/51712/type"));
	EXPECT_STREQ("vg0/lv1", rd(&e, "/local/domain/0/backend/vbd/1/51712/params"));
	EXPECT_STREQ("r", rd(&e, "/local/domain/0/backend/vbd/1/51712/mode"));
	EXPECT_STREQ("nbd", rd(&e, "/local/domain/0/backend/vbd/1/769/type"));
	EXPECT_STREQ("10.0.0.1 20001", rd(&e, "/local/domain/0/backend/vbd/1/769/params"));
	EXPECT_STREQ("/etc/xen/scripts/block-nbd",
		     rd(&e, "/local/domain/0/backend/vbd/1/769/script"));
	/* tap:aio: is file:. */
	ASSERT_EQ(0, create(&e, "g2", NULL, "tap:aio:/img/x.img,xvdb,w!", NULL,
			    err, NULL));
	EXPECT_STREQ("file", rd(&e, "/local/domain/0/backend/vbd/2/51728/type"));
	EXPECT_STREQ("w!", rd(&e, "/local/domain/0/backend/vbd/2/51728/mode"));
	env_fini(&e);
}

/* Every way a device can fail leaves the store and the host as before. */
TEST(script_failures_undo_everything)
{
	static const struct {
		int how;
		const char *cls, *msg;
	} cases[] = {
		{ S_ERROR, "vif", "creating g1 failed: vif 0: bridge xenbr9 does "
		  "not exist; nothing was left behind" },
		{ S_ERROR, "vbd", "creating g1 failed: disk hda1: bridge xenbr9" },
		{ S_SILENT, "vbd", "/etc/xen/scripts/block did not report within 0 s" },
		{ S_EXEC_FAILS, "vif", "vif 0: /etc/xen/scripts/vif-bridge online "
		  "failed (exit status 1)" },
	};
	struct env e;
	char err[1024];
	unsigned int nodes, i;

	env_init(&e);
	nodes = xend_fake_nr_nodes(e.f);
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		behaviour = cases[i].how;
		fail_class = cases[i].cls;
		calls[0] = '\0';
		EXPECT_EQ(-1, create(&e, "g1", VIF_A1, "file:/i.img,hda1,w", NULL,
				     err, NULL));
		if (!strstr(err, cases[i].msg))
			TH_LOG("case %u: %s", i, err);
		EXPECT_NE(NULL, strstr(err, cases[i].msg));
		EXPECT_EQ(1, xend_fake_nr_domains(e.f));
		EXPECT_EQ(nodes, xend_fake_nr_nodes(e.f));
		EXPECT_EQ(0, xend_fake_nr_evtchns(e.f));
		EXPECT_EQ(NULL, xend_lookup(&e.x, "g1"));
		/* The scripts undid what they had done. */
		EXPECT_NE(NULL, strstr(calls, "offline /local/domain/0/backend/vif/"));
	}
	env_fini(&e);
}

/* A failing store write at each step of making the devices. */
TEST(store_failures_undo_everything)
{
	struct env e;
	char err[1024];
	unsigned int nodes, k, failed = 0;

	env_init(&e);
	nodes = xend_fake_nr_nodes(e.f);
	for (k = 0; k < 80; k++) {
		xend_fake_fail(e.f, "write", k, EIO);
		if (create(&e, "g1", VIF_A1, "file:/i.img,hda1,w", NULL, err,
			   NULL)) {
			failed++;
			EXPECT_EQ(1, xend_fake_nr_domains(e.f));
			EXPECT_EQ(nodes, xend_fake_nr_nodes(e.f));
		} else {
			xend_fake_fail(e.f, NULL, 0, 0);
			xend_domain_destroy(&e.x, xend_lookup(&e.x, "g1"));
			EXPECT_EQ(nodes, xend_fake_nr_nodes(e.f));
		}
		xend_fake_fail(e.f, NULL, 0, 0);
	}
	EXPECT_LT(40, failed);
	env_fini(&e);
}

TEST(bad_specs_are_refused)
{
	static const struct { const char *vif, *disk, *msg; } cases[] = {
		{ "mac=zz", NULL, "vif 0: " },
		{ "backend=3", NULL, "driver domains are not supported yet" },
		{ NULL, "tap:qcow:/x.qcow,hda1,w", "qcow images are not supported yet" },
		{ NULL, "file:/x.img,fd0,w", "expected a guest device" },
		{ NULL, "file:/x.img,hda1,q", "" },
	};
	struct env e;
	char err[1024];
	unsigned int nodes, i;

	env_init(&e);
	nodes = xend_fake_nr_nodes(e.f);
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		EXPECT_EQ(-1, create(&e, "g1", cases[i].vif, cases[i].disk, NULL,
				     err, NULL));
		if (!strstr(err, cases[i].msg))
			TH_LOG("case %u: %s", i, err);
		EXPECT_NE(NULL, strstr(err, cases[i].msg));
		EXPECT_EQ(nodes, xend_fake_nr_nodes(e.f));
		EXPECT_EQ(1, xend_fake_nr_domains(e.f));
	}
	EXPECT_EQ(-1, create(&e, "g1", NULL, "file:/a.img,hda1,w",
			     "file:/b.img,hda1,w", err, NULL));
	EXPECT_NE(NULL, strstr(err, "disk hda1 is given twice"));
	EXPECT_STREQ("", calls);
	env_fini(&e);
}

TEST(one_writer_per_image)
{
	struct env e;
	char err[1024], dir[] = "/tmp/test_devicesXXXXXX", img[80], spec[160];
	char other[80];
	unsigned int nodes;

	env_init(&e);
	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(img, sizeof(img), "%s/shared.img", dir);
	close(creat(img, 0600));
	snprintf(other, sizeof(other), "%s/link.img", dir);
	ASSERT_EQ(0, symlink(img, other));
	snprintf(spec, sizeof(spec), "file:%s,hda1,w", img);
	ASSERT_EQ(0, create(&e, "g1", NULL, spec, NULL, err, NULL));
	nodes = xend_fake_nr_nodes(e.f);
	EXPECT_EQ(-1, create(&e, "g2", NULL, spec, NULL, err, NULL));
	EXPECT_NE(NULL, strstr(err, "shared.img is already in use: domain g1 "
		     "(id 1) has it with mode w; only one domain may use an "
		     "image one of them writes (mode w! in both shares it "
		     "anyway)"));
	/* By another name, to read what another writes: refused too. */
	snprintf(spec, sizeof(spec), "tap:aio:%s,xvda,r", other);
	EXPECT_EQ(-1, create(&e, "g2", NULL, spec, NULL, err, NULL));
	EXPECT_EQ(nodes, xend_fake_nr_nodes(e.f));
	EXPECT_EQ(2, xend_fake_nr_domains(e.f));
	/* Readers share; w! in both shares. */
	ASSERT_EQ(0, create(&e, "r1", NULL, "file:/img/ro.img,hda1,r", NULL, err, NULL));
	EXPECT_EQ(0, create(&e, "r2", NULL, "file:/img/ro.img,hda1,r", NULL, err, NULL));
	ASSERT_EQ(0, create(&e, "s1", NULL, "phy:vg/cluster,hda1,w!", NULL, err, NULL));
	EXPECT_EQ(0, create(&e, "s2", NULL, "phy:vg/cluster,hda1,w!", NULL, err, NULL));
	EXPECT_EQ(-1, create(&e, "s3", NULL, "phy:vg/cluster,hda1,w", NULL, err, NULL));
	/* Once g1 is gone, g2 may have it. */
	xend_domain_destroy(&e.x, xend_lookup(&e.x, "g1"));
	EXPECT_EQ(0, create(&e, "g2", NULL, spec, NULL, err, NULL));
	env_fini(&e);
	unlink(other);
	unlink(img);
	rmdir(dir);
}

TEST(destroy_tears_down)
{
	struct env e;
	char err[1024];
	unsigned int nodes;
	uint32_t id;

	env_init(&e);
	nodes = xend_fake_nr_nodes(e.f);
	ASSERT_EQ(0, create(&e, "g1", VIF_A1, "file:/i.img,hda1,w", NULL, err, &id));
	calls[0] = '\0';
	xend_domain_destroy(&e.x, xend_lookup(&e.x, "g1"));
	EXPECT_STREQ("offline /local/domain/0/backend/vif/1/0 vif1.0;"
		     "remove /local/domain/0/backend/vbd/1/769 -;", calls);
	EXPECT_STREQ("(none)", rd(&e, "/local/domain/0/backend/vif/1"));
	EXPECT_STREQ("(none)", rd(&e, "/local/domain/0/backend/vbd/1"));
	EXPECT_EQ(nodes, xend_fake_nr_nodes(e.f));
	env_fini(&e);
}

TEST(reboot_keeps_devices_and_mac)
{
	struct env e;
	char err[1024], mac[32];
	uint32_t id;

	env_init(&e);
	ASSERT_EQ(0, create(&e, "g1", "bridge=xenbr0", "file:/i.img,hda1,w",
			    NULL, err, &id));
	snprintf(mac, sizeof(mac), "%.17s", rd(&e, "/local/domain/0/backend/vif/1/0/mac"));
	EXPECT_EQ(0, strncmp(mac, "00:16:3e:", 9));
	clock_now += 100;
	ASSERT_EQ(0, xend_fake_shutdown(e.f, id, XD_SHUTDOWN_REBOOT));
	xend_check_domains(&e.x);
	ASSERT_NE(NULL, xend_lookup(&e.x, "g1"));
	id = xend_lookup(&e.x, "g1")->domid;
	EXPECT_EQ(2, id);
	EXPECT_STREQ(mac, rd(&e, "/local/domain/0/backend/vif/2/0/mac"));
	EXPECT_STREQ("/i.img", rd(&e, "/local/domain/0/backend/vbd/2/769/params"));
	EXPECT_STREQ("(none)", rd(&e, "/local/domain/0/backend/vif/1"));
	env_fini(&e);
}

TEST(attach_detach_list)
{
	struct env e;
	struct json_object *r, *res;
	char err[1024], why[1024], *vm, p[160];
	unsigned int nodes;

	env_init(&e);
	nodes = xend_fake_nr_nodes(e.f);
	ASSERT_EQ(0, create(&e, "g1", VIF_A1, NULL, NULL, err, NULL));
	r = ask(&e, "{\"cmd\":\"network-attach\",\"args\":{\"dom\":\"g1\","
		"\"spec\":\"mac=aa:cc:10:00:00:b2, bridge=xenbr0\"}}");
	EXPECT_TRUE(ok(r, why, sizeof(why)));
	if (why[0])
		TH_LOG("%s", why);
	ASSERT_TRUE(json_object_object_get_ex(r, "result", &res));
	EXPECT_STREQ("{ \"devid\": 1 }", json_object_to_json_string(res));
	json_object_put(r);
	EXPECT_STREQ("aa:cc:10:00:00:b2", rd(&e, "/local/domain/1/device/vif/1/mac"));
	r = ask(&e, "{\"cmd\":\"network-list\",\"args\":{\"dom\":\"g1\"}}");
	ASSERT_TRUE(json_object_object_get_ex(r, "result", &res));
	EXPECT_EQ(2, json_object_array_length(res));
	json_object_put(r);
	r = ask(&e, "{\"cmd\":\"block-attach\",\"args\":{\"dom\":\"g1\","
		"\"spec\":\"file:/img/extra.img,xvdb,w\"}}");
	EXPECT_TRUE(ok(r, why, sizeof(why)));
	if (why[0])
		TH_LOG("%s", why);
	json_object_put(r);
	EXPECT_STREQ("/img/extra.img", rd(&e, "/local/domain/0/backend/vbd/1/51728/params"));
	/* The record under /vm follows, so a reboot keeps them. */
	vm = xend_fake_read(e.f, "/local/domain/1/vm");
	ASSERT_NE(NULL, vm);
	snprintf(p, sizeof(p), "%s/device/vbd/0", vm);
	EXPECT_STREQ("file:/img/extra.img,xvdb,w", rd(&e, p));
	snprintf(p, sizeof(p), "%s/device/vif/1", vm);
	EXPECT_STREQ("mac=aa:cc:10:00:00:b2, bridge=xenbr0", rd(&e, p));
	/* The same name twice, a failing script: refused, nothing changes. */
	r = ask(&e, "{\"cmd\":\"block-attach\",\"args\":{\"dom\":\"g1\","
		"\"spec\":\"file:/img/other.img,xvdb,w\"}}");
	EXPECT_FALSE(ok(r, why, sizeof(why)));
	EXPECT_STREQ("domain g1 already has a disk xvdb; detach it first or "
		     "choose another device name", why);
	json_object_put(r);
	behaviour = S_ERROR;
	r = ask(&e, "{\"cmd\":\"network-attach\",\"args\":{\"dom\":\"g1\","
		"\"spec\":\"bridge=xenbr9\"}}");
	EXPECT_FALSE(ok(r, why, sizeof(why)));
	EXPECT_STREQ("vif 2: bridge xenbr9 does not exist", why);
	json_object_put(r);
	EXPECT_STREQ("(none)", rd(&e, "/local/domain/0/backend/vif/1/2"));
	behaviour = S_CONNECT;
	/* Detach: by MAC, by device name; unknown ones are named. */
	r = ask(&e, "{\"cmd\":\"network-detach\",\"args\":{\"dom\":\"g1\","
		"\"dev\":\"aa:cc:10:00:00:b2\"}}");
	EXPECT_TRUE(ok(r, why, sizeof(why)));
	if (why[0])
		TH_LOG("%s", why);
	json_object_put(r);
	EXPECT_STREQ("(none)", rd(&e, "/local/domain/0/backend/vif/1/1"));
	EXPECT_STREQ("(none)", rd(&e, "/local/domain/1/device/vif/1"));
	EXPECT_STREQ("(none)", rd(&e, p));
	r = ask(&e, "{\"cmd\":\"block-detach\",\"args\":{\"dom\":\"g1\","
		"\"dev\":\"xvdb\"}}");
	EXPECT_TRUE(ok(r, why, sizeof(why)));
	if (why[0])
		TH_LOG("%s", why);
	json_object_put(r);
	r = ask(&e, "{\"cmd\":\"block-detach\",\"args\":{\"dom\":\"g1\","
		"\"dev\":\"xvdb\"}}");
	EXPECT_FALSE(ok(r, why, sizeof(why)));
	EXPECT_STREQ("domain g1 has no disk xvdb (xm block-list shows them)", why);
	json_object_put(r);
	r = ask(&e, "{\"cmd\":\"block-list\",\"args\":{\"dom\":\"g1\"}}");
	ASSERT_TRUE(json_object_object_get_ex(r, "result", &res));
	EXPECT_EQ(0, json_object_array_length(res));
	json_object_put(r);
	r = ask(&e, "{\"cmd\":\"network-attach\",\"args\":{\"dom\":\"nope\","
		"\"spec\":\"\"}}");
	EXPECT_FALSE(ok(r, why, sizeof(why)));
	json_object_put(r);
	free(vm);
	xend_domain_destroy(&e.x, xend_lookup(&e.x, "g1"));
	EXPECT_EQ(nodes, xend_fake_nr_nodes(e.f));
	env_fini(&e);
}

TEST_HARNESS_MAIN
