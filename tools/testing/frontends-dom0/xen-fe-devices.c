// SPDX-License-Identifier: GPL-2.0
/*
 * xen-fe-devices: write a guest's device directories the way a toolstack
 * does, so that check-frontends does not depend on xend's device support:
 * the backend's under /local/domain/0/backend/<type>/<domid>/<devid>
 * (owned by domain 0, readable by the guest) and the frontend's under
 * /local/domain/<domid>/device/<type>/<devid> (owned by the guest,
 * readable by domain 0), with what the hotplug scripts would add
 * (hotplug-status for a vif, physical-device for a vbd), each device in
 * one transaction: Linux's backends probe a directory as soon as it
 * appears and must find it whole.
 *
 *   xen-fe-devices vif DOMID MAC         vif 0 (handle 0)
 *   xen-fe-devices vbd DOMID MAJ:MIN     vbd 0 = xvda (51712), writable
 *   xen-fe-devices rm DOMID              both directories of both devices
 *
 * Exit 0, or 1 with the failing path and error on stderr (a failed
 * transaction is aborted: nothing is written); 2 on bad arguments.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenstore_client.h>

#define XVDA	51712		/* (202 << 8) | (0 << 4): xvda */

struct node {
	const char *name, *value;
};

static struct xsc *h;
static const char *failed_path;

static int perms(uint32_t tx, const char *path, unsigned int owner, unsigned int reader)
{
	struct xs_perm p[2] = {
		{ .id = owner, .perms = XS_PERM_NONE },
		{ .id = reader, .perms = XS_PERM_READ },
	};
	int err = xsc_set_perms(h, tx, path, p, 2);

	if (err)
		failed_path = path;
	return err;
}

/*
 * The directory and each node in it, with its permissions: a node takes
 * its parent's permissions only when it is created, so each is set
 * (the guest must read, and watch, the backend's state).
 */
static int put(uint32_t tx, const char *dir, const struct node *nodes, unsigned int nr,
	       unsigned int owner, unsigned int reader)
{
	static char path[256];
	unsigned int i;
	int err = xsc_mkdir(h, tx, dir);

	if (err) {
		failed_path = dir;
		return err;
	}
	err = perms(tx, dir, owner, reader);
	for (i = 0; !err && i < nr; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, nodes[i].name);
		err = xsc_write(h, tx, path, nodes[i].value, strlen(nodes[i].value));
		if (err)
			failed_path = path;
		else
			err = perms(tx, path, owner, reader);
	}
	return err;
}

/* Write both directories in one transaction, again while it conflicts. */
static int write_device(const char *be, const struct node *bn, unsigned int bnr,
			const char *fe, const struct node *fn, unsigned int fnr,
			unsigned int domid)
{
	uint32_t tx;
	int err, tries;

	for (tries = 0; tries < 10; tries++) {
		err = xsc_transaction_start(h, &tx);
		if (err) {
			failed_path = "(transaction start)";
			return err;
		}
		err = put(tx, be, bn, bnr, 0, domid);
		if (!err)
			err = put(tx, fe, fn, fnr, domid, 0);
		if (err) {
			xsc_transaction_end(h, tx, true);
			return err;
		}
		err = xsc_transaction_end(h, tx, false);
		if (err != -EAGAIN)
			return err;
	}
	return err;
}

static int vif(unsigned int domid, const char *mac)
{
	char be[96], fe[96], id[16];

	snprintf(be, sizeof(be), "/local/domain/0/backend/vif/%u/0", domid);
	snprintf(fe, sizeof(fe), "/local/domain/%u/device/vif/0", domid);
	snprintf(id, sizeof(id), "%u", domid);
	{
		const struct node bn[] = {
			{ "frontend", fe }, { "frontend-id", id }, { "online", "1" },
			{ "state", "1" }, { "handle", "0" }, { "mac", mac },
			{ "script", "" }, { "hotplug-status", "connected" },
		};
		const struct node fn[] = {
			{ "backend-id", "0" }, { "handle", "0" }, { "mac", mac },
			{ "state", "1" }, { "backend", be },
		};

		return write_device(be, bn, sizeof(bn) / sizeof(*bn), fe, fn,
				    sizeof(fn) / sizeof(*fn), domid);
	}
}

static int vbd(unsigned int domid, const char *majmin)
{
	char be[96], fe[96], id[16], dev[16], phys[32];
	unsigned int maj, min;
	char end;

	if (sscanf(majmin, "%u:%u%c", &maj, &min, &end) != 2) {
		fprintf(stderr, "xen-fe-devices: '%s' is not MAJOR:MINOR\n", majmin);
		return -EINVAL;
	}
	snprintf(be, sizeof(be), "/local/domain/0/backend/vbd/%u/%u", domid, XVDA);
	snprintf(fe, sizeof(fe), "/local/domain/%u/device/vbd/%u", domid, XVDA);
	snprintf(id, sizeof(id), "%u", domid);
	snprintf(dev, sizeof(dev), "%u", XVDA);
	snprintf(phys, sizeof(phys), "%x:%x", maj, min);	/* blkback reads hex */
	{
		const struct node bn[] = {
			{ "frontend", fe }, { "frontend-id", id }, { "online", "1" },
			{ "state", "1" }, { "dev", "xvda" }, { "type", "phy" },
			{ "mode", "w" }, { "removable", "0" }, { "device-type", "disk" },
			{ "physical-device", phys }, { "hotplug-status", "connected" },
		};
		const struct node fn[] = {
			{ "backend-id", "0" }, { "virtual-device", dev },
			{ "device-type", "disk" }, { "state", "1" }, { "backend", be },
		};

		return write_device(be, bn, sizeof(bn) / sizeof(*bn), fe, fn,
				    sizeof(fn) / sizeof(*fn), domid);
	}
}

static int rm(unsigned int domid)
{
	static const char *const fmt[] = {
		"/local/domain/0/backend/vif/%u", "/local/domain/0/backend/vbd/%u",
		"/local/domain/%u/device/vif", "/local/domain/%u/device/vbd",
	};
	char path[96];
	unsigned int i;
	int err, ret = 0;

	for (i = 0; i < sizeof(fmt) / sizeof(*fmt); i++) {
		snprintf(path, sizeof(path), fmt[i], domid);
		err = xsc_rm(h, 0, path);
		if (err && err != -ENOENT && !ret) {
			ret = err;
			fprintf(stderr, "xen-fe-devices: rm %s: %s\n", path, strerror(-err));
		}
	}
	return ret;
}

int main(int argc, char **argv)
{
	unsigned long domid;
	char *end;
	int err;

	if (argc < 3 || (strcmp(argv[1], "rm") ? argc != 4 : argc != 3)) {
		fprintf(stderr, "usage: xen-fe-devices vif DOMID MAC | vbd DOMID MAJ:MIN | rm DOMID\n");
		return 2;
	}
	domid = strtoul(argv[2], &end, 10);
	if (*end || !domid || domid >= 0x7ff0) {
		fprintf(stderr, "xen-fe-devices: bad domain id '%s'\n", argv[2]);
		return 2;
	}
	h = xsc_open(NULL);
	if (!h) {
		fprintf(stderr, "xen-fe-devices: cannot reach xenstored: %s\n", strerror(errno));
		return 1;
	}
	if (!strcmp(argv[1], "vif"))
		err = vif(domid, argv[3]);
	else if (!strcmp(argv[1], "vbd"))
		err = vbd(domid, argv[3]);
	else if (!strcmp(argv[1], "rm"))
		err = rm(domid);
	else {
		fprintf(stderr, "xen-fe-devices: unknown command '%s'\n", argv[1]);
		xsc_close(h);
		return 2;
	}
	xsc_close(h);
	if (err && failed_path)
		fprintf(stderr, "xen-fe-devices: %s: %s\n", failed_path, strerror(-err));
	return err ? 1 : 0;
}
