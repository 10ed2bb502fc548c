// SPDX-License-Identifier: GPL-2.0
/*
 * xend_fake.c - a hypervisor and a store in memory, behind the same
 * interfaces as libxenctrl (xend_xc.c) and libxenstore (xend_xs.c), so
 * xend's logic runs on any build host: its tests use it directly, and
 * "xend --fake-hypervisor" serves xm from it.
 *
 * The fake host has 4 CPUs and 2048 MiB; domain 0 holds 1024 MiB and its
 * balloon driver honours /local/domain/0/memory/target.  A guest honours
 * control/shutdown ("poweroff", "reboot") and control/sysrq "c" (crash),
 * as Linux does, and cpu/N/availability.  Any step can be made to fail
 * (xend_fake_fail()).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xend_backend.h"
#include "xend_save.h"

#define FAKE_CPUS	4
#define FAKE_PAGES	(2048u * 256)
#define FAKE_DOM0_PAGES	(1024u * 256)
#define FAKE_MAX_DOMS	128
#define FAKE_MAX_VCPUS	32

struct fake_dom {
	bool used;
	uint32_t domid;
	uint32_t flags;
	unsigned int reason;
	uint64_t tot_pages, max_pages, cpu_time;
	uint64_t memmap_kb;		/* set_memmap's; 0: none */
	unsigned int max_vcpus;
	uint32_t online;		/* bit per vCPU */
	uint8_t handle[16];
	unsigned int weight, cap;
	uint64_t affinity[FAKE_MAX_VCPUS][XD_MAX_CPUS / 64];
	unsigned int evtchns;
};

struct fake_node {
	char *path, *value;
	uint32_t owner, reader;
};

struct xend_fake {
	struct fake_dom doms[FAKE_MAX_DOMS];
	uint32_t next_domid;
	uint64_t free_pages;
	bool dom0_balloons;
	struct fake_node *nodes;
	unsigned int nr_nodes, cap_nodes;
	char *events[64];
	unsigned int nr_events;
	bool watch_release;
	char fail_step[32];
	unsigned int fail_after;
	int fail_err;
	char console[4096];
	size_t console_len;
};

/* ---- failures on demand ---------------------------------------------- */

void xend_fake_fail(struct xend_fake *f, const char *step, unsigned int after,
		    int err)
{
	snprintf(f->fail_step, sizeof(f->fail_step), "%s", step ? step : "");
	f->fail_after = after;
	f->fail_err = err;
}

static int failing(struct xend_fake *f, const char *step)
{
	if (!f->fail_step[0] || strcmp(f->fail_step, step))
		return 0;
	if (f->fail_after) {
		f->fail_after--;
		return 0;
	}
	f->fail_step[0] = '\0';
	errno = f->fail_err;
	return 1;
}

static void event(struct xend_fake *f, const char *path)
{
	if (!f->watch_release || f->nr_events == 64)
		return;
	f->events[f->nr_events] = strdup(path);
	if (f->events[f->nr_events])
		f->nr_events++;
}

/* ---- the hypervisor --------------------------------------------------- */

static struct fake_dom *dom(struct xend_fake *f, uint32_t domid)
{
	unsigned int i;

	for (i = 0; i < FAKE_MAX_DOMS; i++)
		if (f->doms[i].used && f->doms[i].domid == domid)
			return &f->doms[i];
	errno = ESRCH;
	return NULL;
}

static struct fake_dom *new_dom(struct xend_fake *f, uint32_t domid)
{
	unsigned int i;

	for (i = 0; i < FAKE_MAX_DOMS; i++)
		if (!f->doms[i].used) {
			memset(&f->doms[i], 0, sizeof(f->doms[i]));
			f->doms[i].used = true;
			f->doms[i].domid = domid;
			f->doms[i].flags = XD_PAUSED;
			f->doms[i].weight = 256;
			memset(f->doms[i].affinity, 0xff,
			       sizeof(f->doms[i].affinity));
			return &f->doms[i];
		}
	errno = ENOMEM;
	return NULL;
}

struct xend_fake *xend_fake_new(void)
{
	struct xend_fake *f = calloc(1, sizeof(*f));
	struct fake_dom *d0;

	if (!f)
		return NULL;
	f->next_domid = 1;
	f->dom0_balloons = true;
	d0 = new_dom(f, 0);
	d0->flags = XD_RUNNING;
	d0->tot_pages = d0->max_pages = FAKE_DOM0_PAGES;
	d0->max_vcpus = 2;
	d0->online = 3;
	d0->cpu_time = 5068600000000ull;
	f->free_pages = FAKE_PAGES - FAKE_DOM0_PAGES - 4096;
	snprintf(f->console, sizeof(f->console),
		 "(XEN) Xen version 3.0 (fake hypervisor)\n"
		 "(XEN) Dom0 has 1024 MiB\n");
	f->console_len = strlen(f->console);
	return f;
}

void xend_fake_free(struct xend_fake *f)
{
	unsigned int i;

	if (!f)
		return;
	for (i = 0; i < f->nr_nodes; i++) {
		free(f->nodes[i].path);
		free(f->nodes[i].value);
	}
	for (i = 0; i < f->nr_events; i++)
		free(f->events[i]);
	free(f->nodes);
	free(f);
}

static int fk_create(void *h, const uint8_t uuid[16], unsigned int vcpus,
		     uint32_t *domid)
{
	struct xend_fake *f = h;
	struct fake_dom *d;

	if (failing(f, "create"))
		return -1;
	while (dom(f, f->next_domid))
		f->next_domid++;
	d = new_dom(f, f->next_domid);
	if (!d)
		return -1;
	memcpy(d->handle, uuid, 16);
	d->max_vcpus = vcpus < FAKE_MAX_VCPUS ? vcpus : FAKE_MAX_VCPUS;
	*domid = f->next_domid++;
	return 0;
}

static int fk_destroy(void *h, uint32_t domid)
{
	struct xend_fake *f = h;
	struct fake_dom *d = dom(f, domid);

	if (!d)
		return -1;
	if (!domid) {
		errno = EPERM;
		return -1;
	}
	f->free_pages += d->tot_pages;
	d->used = false;
	event(f, "@releaseDomain");
	return 0;
}

static int fk_pause(void *h, uint32_t domid)
{
	struct fake_dom *d = dom(h, domid);

	if (!d)
		return -1;
	d->flags = (d->flags & ~(XD_RUNNING | XD_BLOCKED)) | XD_PAUSED;
	return 0;
}

static int fk_unpause(void *h, uint32_t domid)
{
	struct xend_fake *f = h;
	struct fake_dom *d = dom(f, domid);

	if (!d || failing(f, "unpause"))
		return -1;
	d->flags = (d->flags & ~XD_PAUSED);
	if (!(d->flags & XD_SHUTDOWN))
		d->flags |= XD_BLOCKED;
	return 0;
}

int xend_fake_shutdown(struct xend_fake *f, uint32_t domid, int reason)
{
	struct fake_dom *d = dom(f, domid);

	if (!d)
		return -1;
	d->flags = (d->flags & ~(XD_RUNNING | XD_BLOCKED)) | XD_SHUTDOWN;
	d->reason = reason;
	event(f, "@releaseDomain");
	return 0;
}

static int fk_shutdown(void *h, uint32_t domid, int reason)
{
	return xend_fake_shutdown(h, domid, reason);
}

static int fk_max_vcpus(void *h, uint32_t domid, unsigned int max)
{
	struct xend_fake *f = h;
	struct fake_dom *d = dom(f, domid);

	if (!d || failing(f, "max_vcpus"))
		return -1;
	if (!max || max > FAKE_MAX_VCPUS) {
		errno = EINVAL;
		return -1;
	}
	d->max_vcpus = max;
	return 0;
}

static int fk_setmaxmem(void *h, uint32_t domid, uint64_t kb)
{
	struct xend_fake *f = h;
	struct fake_dom *d = dom(f, domid);

	if (!d || failing(f, "setmaxmem"))
		return -1;
	d->max_pages = kb / 4;
	return 0;
}

static int fk_set_memmap(void *h, uint32_t domid, uint64_t kb)
{
	struct xend_fake *f = h;
	struct fake_dom *d = dom(f, domid);

	if (!d || failing(f, "set_memmap"))
		return -1;
	d->memmap_kb = kb;
	return 0;
}

static int fk_evtchn_alloc(void *h, uint32_t domid, uint32_t remote)
{
	struct xend_fake *f = h;
	struct fake_dom *d = dom(f, domid);

	(void)remote;
	if (!d || failing(f, "evtchn"))
		return -1;
	return ++d->evtchns;
}

static int fk_build(void *h, uint32_t domid, struct xend_build *b)
{
	struct xend_fake *f = h;
	struct fake_dom *d = dom(f, domid);
	uint64_t pages = b->mem_kb / 4;

	if (!d)
		return -1;
	if (b->restore) {
		snprintf(b->error, sizeof(b->error), "the fake hypervisor cannot restore");
		errno = EOPNOTSUPP;
		return -1;
	}
	if (failing(f, "build")) {
		snprintf(b->error, sizeof(b->error), "%s: %s", b->kernel,
			 strerror(errno));
		return -1;
	}
	if (pages > d->max_pages || pages > f->free_pages) {
		snprintf(b->error, sizeof(b->error), "cannot allocate %lu KiB "
			 "(free %llu KiB, max %llu KiB)", b->mem_kb,
			 (unsigned long long)f->free_pages * 4,
			 (unsigned long long)d->max_pages * 4);
		errno = ENOMEM;
		return -1;
	}
	f->free_pages -= pages;
	d->tot_pages = pages;
	d->online = 1;
	b->store_mfn = 0x10000 + domid * 2;
	b->console_mfn = 0x10001 + domid * 2;
	return 0;
}

static int fk_getinfolist(void *h, uint32_t first, unsigned int max,
			  struct xend_dominfo *info)
{
	struct xend_fake *f = h;
	unsigned int n = 0, i;
	uint32_t id;

	/* In id order, as the hypervisor answers. */
	for (id = first; id < f->next_domid + 1 && n < max; id++) {
		for (i = 0; i < FAKE_MAX_DOMS; i++) {
			struct fake_dom *d = &f->doms[i];

			if (!d->used || d->domid != id)
				continue;
			memset(&info[n], 0, sizeof(info[n]));
			info[n].domid = d->domid;
			info[n].flags = d->flags;
			info[n].shutdown_reason = d->reason;
			info[n].tot_pages = d->tot_pages;
			info[n].max_pages = d->max_pages;
			info[n].cpu_time = d->cpu_time;
			info[n].online_vcpus = __builtin_popcount(d->online);
			info[n].max_vcpu_id = d->max_vcpus ? d->max_vcpus - 1 : 0;
			memcpy(info[n].handle, d->handle, 16);
			n++;
		}
	}
	return n;
}

static int fk_physinfo(void *h, struct xend_physinfo *pi)
{
	struct xend_fake *f = h;

	if (failing(f, "physinfo"))
		return -1;
	memset(pi, 0, sizeof(*pi));
	pi->nr_cpus = FAKE_CPUS;
	pi->nr_nodes = 1;
	pi->cores_per_socket = 2;
	pi->threads_per_core = 1;
	pi->cpu_khz = 2394000;
	pi->hw_cap[0] = 0x0383fbff;
	pi->hw_cap[3] = 0x40;
	pi->total_pages = FAKE_PAGES;
	pi->free_pages = f->free_pages;
	return 0;
}

static int fk_xeninfo(void *h, struct xend_xeninfo *xi)
{
	(void)h;
	memset(xi, 0, sizeof(*xi));
	xi->major = 3;
	xi->minor = 0;
	strcpy(xi->extra, ".0-fake");
	strcpy(xi->caps, "xen-3.0-x86_64 xen-3.0-x86_32p");
	strcpy(xi->platform, "virt_start=0xffff800000000000");
	strcpy(xi->changeset, "unavailable");
	strcpy(xi->compiler, "gcc (fake)");
	strcpy(xi->compile_by, "fake");
	strcpy(xi->compile_date, "Thu Jan  1 00:00:00 UTC 1970");
	return 0;
}

static int fk_readconsolering(void *h, char *buf, unsigned int *len,
			      bool clear)
{
	struct xend_fake *f = h;
	size_t n = f->console_len < *len ? f->console_len : *len;

	memcpy(buf, f->console, n);
	*len = n;
	if (clear)
		f->console_len = 0;
	return 0;
}

static int fk_vcpu_info(void *h, uint32_t domid, unsigned int vcpu,
			struct xend_vcpuinfo *vi)
{
	struct fake_dom *d = dom(h, domid);

	if (!d)
		return -1;
	if (vcpu >= d->max_vcpus) {
		errno = ESRCH;
		return -1;
	}
	memset(vi, 0, sizeof(*vi));
	vi->online = d->online & (1u << vcpu);
	vi->running = vi->online && (d->flags & XD_RUNNING) && vcpu == 0;
	vi->blocked = vi->online && !vi->running;
	vi->cpu_time = vi->online ? d->cpu_time / __builtin_popcount(d->online) : 0;
	vi->cpu = vcpu % FAKE_CPUS;
	memcpy(vi->cpumap, d->affinity[vcpu], sizeof(vi->cpumap));
	return 0;
}

static int fk_setaffinity(void *h, uint32_t domid, unsigned int vcpu,
			  const uint64_t *map)
{
	struct fake_dom *d = dom(h, domid);

	if (!d)
		return -1;
	if (vcpu >= d->max_vcpus || !(map[0] & ((1u << FAKE_CPUS) - 1))) {
		errno = EINVAL;
		return -1;
	}
	memcpy(d->affinity[vcpu], map, sizeof(d->affinity[vcpu]));
	return 0;
}

static int fk_credit_get(void *h, uint32_t domid, unsigned int *w,
			 unsigned int *c)
{
	struct fake_dom *d = dom(h, domid);

	if (!d)
		return -1;
	*w = d->weight;
	*c = d->cap;
	return 0;
}

static int fk_credit_set(void *h, uint32_t domid, unsigned int w,
			 unsigned int c)
{
	struct fake_dom *d = dom(h, domid);

	if (!d)
		return -1;
	if (!w || w > 65535 || c > 100 * d->max_vcpus) {
		errno = EINVAL;
		return -1;
	}
	d->weight = w;
	d->cap = c;
	return 0;
}

const struct xend_hv_ops xend_fake_hv_ops = {
	.domain_create = fk_create,
	.domain_destroy = fk_destroy,
	.domain_pause = fk_pause,
	.domain_unpause = fk_unpause,
	.domain_shutdown = fk_shutdown,
	.max_vcpus = fk_max_vcpus,
	.setmaxmem = fk_setmaxmem,
	.set_memmap = fk_set_memmap,
	.evtchn_alloc = fk_evtchn_alloc,
	.build = fk_build,
	.getinfolist = fk_getinfolist,
	.physinfo = fk_physinfo,
	.xeninfo = fk_xeninfo,
	.readconsolering = fk_readconsolering,
	.vcpu_info = fk_vcpu_info,
	.vcpu_setaffinity = fk_setaffinity,
	.sched_credit_get = fk_credit_get,
	.sched_credit_set = fk_credit_set,
	.save = xend_fake_save,
	.resume = xend_fake_resume,
};

/* ---- the store -------------------------------------------------------- */

static struct fake_node *node(struct xend_fake *f, const char *path)
{
	unsigned int i;

	for (i = 0; i < f->nr_nodes; i++)
		if (!strcmp(f->nodes[i].path, path))
			return &f->nodes[i];
	return NULL;
}

static struct fake_node *add_node(struct xend_fake *f, const char *path)
{
	struct fake_node *n = node(f, path), *pn;
	uint32_t owner = 0, reader = ~0u;
	char *parent, *slash;

	if (n)
		return n;
	/* Parents first, as xenstored makes them. */
	parent = strdup(path);
	if (!parent)
		return NULL;
	slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = '\0';
		pn = add_node(f, parent);
		if (!pn) {
			free(parent);
			return NULL;
		}
		/* A new node takes its parent's permissions, as in xenstored. */
		owner = pn->owner;
		reader = pn->reader;
	}
	free(parent);
	if (f->nr_nodes == f->cap_nodes) {
		unsigned int cap = f->cap_nodes * 2 + 16;
		struct fake_node *nn = realloc(f->nodes, cap * sizeof(*nn));

		if (!nn)
			return NULL;
		f->nodes = nn;
		f->cap_nodes = cap;
	}
	n = &f->nodes[f->nr_nodes];
	n->path = strdup(path);
	n->value = strdup("");
	n->owner = owner;
	n->reader = reader;
	if (!n->path || !n->value) {
		free(n->path);
		free(n->value);
		errno = ENOMEM;
		return NULL;
	}
	f->nr_nodes++;
	return n;
}

static int valid_path(const char *path)
{
	if ((path[0] != '/' && path[0] != '@') || strstr(path, "//") ||
	    (strlen(path) > 1 && path[strlen(path) - 1] == '/')) {
		errno = EINVAL;
		return 0;
	}
	return 1;
}

static int fs_read(void *h, const char *path, char **value)
{
	struct fake_node *n = node(h, path);

	if (!n) {
		errno = ENOENT;
		return -1;
	}
	*value = strdup(n->value);
	return *value ? 0 : -1;
}

char *xend_fake_read(struct xend_fake *f, const char *path)
{
	char *v;

	return fs_read(f, path, &v) ? NULL : v;
}

/* What the guest (or domain 0's balloon driver) does with what we wrote. */
static void guest_reacts(struct xend_fake *f, const char *path,
			 const char *value)
{
	unsigned int id, cpu;
	int off = 0;
	struct fake_dom *d;

	if (sscanf(path, "/local/domain/%u/%n", &id, &off) != 1 || !off)
		return;
	d = dom(f, id);
	if (!d)
		return;
	path += off;
	if (!strcmp(path, "memory/target")) {
		uint64_t pages = strtoull(value, NULL, 10) / 4;

		if (id == 0 && !f->dom0_balloons)
			return;
		if (pages < d->tot_pages) {
			f->free_pages += d->tot_pages - pages;
			d->tot_pages = pages;
		} else if (pages - d->tot_pages <= f->free_pages &&
			   pages <= d->max_pages) {
			f->free_pages -= pages - d->tot_pages;
			d->tot_pages = pages;
		}
	} else if (!strcmp(path, "control/shutdown") && !(d->flags & XD_PAUSED)) {
		if (!strcmp(value, "poweroff") || !strcmp(value, "halt"))
			xend_fake_shutdown(f, id, XD_SHUTDOWN_POWEROFF);
		else if (!strcmp(value, "reboot"))
			xend_fake_shutdown(f, id, XD_SHUTDOWN_REBOOT);
	} else if (!strcmp(path, "control/sysrq") && !strcmp(value, "c")) {
		xend_fake_shutdown(f, id, XD_SHUTDOWN_CRASH);
	} else if (sscanf(path, "cpu/%u/availability", &cpu) == 1 &&
		   cpu < d->max_vcpus) {
		if (!strcmp(value, "online"))
			d->online |= 1u << cpu;
		else if (!strcmp(value, "offline") && cpu)
			d->online &= ~(1u << cpu);
	}
}

static int fs_write(void *h, const char *path, const char *value)
{
	struct xend_fake *f = h;
	struct fake_node *n;
	char *v;

	if (!valid_path(path) || failing(f, "write"))
		return -1;
	n = add_node(f, path);
	v = strdup(value);
	if (!n || !v) {
		free(v);
		errno = ENOMEM;
		return -1;
	}
	free(n->value);
	n->value = v;
	guest_reacts(f, path, value);
	return 0;
}

static int fs_mkdir(void *h, const char *path)
{
	struct xend_fake *f = h;

	if (!valid_path(path) || failing(f, "write"))
		return -1;
	return add_node(f, path) ? 0 : -1;
}

static bool below(const char *path, const char *top)
{
	size_t n = strlen(top);

	return !strncmp(path, top, n) && (path[n] == '\0' || path[n] == '/');
}

static int fs_rm(void *h, const char *path)
{
	struct xend_fake *f = h;
	unsigned int i = 0;

	if (!valid_path(path))
		return -1;
	while (i < f->nr_nodes) {
		if (below(f->nodes[i].path, path)) {
			free(f->nodes[i].path);
			free(f->nodes[i].value);
			f->nodes[i] = f->nodes[--f->nr_nodes];
		} else {
			i++;
		}
	}
	return 0;
}

static int fs_directory(void *h, const char *path, char ***names,
			unsigned int *nr)
{
	struct xend_fake *f = h;
	size_t plen = strlen(path), bytes = 0;
	unsigned int i, n = 0;
	char **out, *p;

	if (!node(f, path)) {
		errno = ENOENT;
		return -1;
	}
	for (i = 0; i < f->nr_nodes; i++) {
		const char *c = f->nodes[i].path;

		if (!strncmp(c, path, plen) && c[plen] == '/' &&
		    !strchr(c + plen + 1, '/')) {
			n++;
			bytes += strlen(c + plen + 1) + 1;
		}
	}
	out = malloc(n * sizeof(char *) + bytes + 1);
	if (!out)
		return -1;
	p = (char *)(out + n);
	n = 0;
	for (i = 0; i < f->nr_nodes; i++) {
		const char *c = f->nodes[i].path;

		if (!strncmp(c, path, plen) && c[plen] == '/' &&
		    !strchr(c + plen + 1, '/')) {
			out[n++] = p;
			p = stpcpy(p, c + plen + 1) + 1;
		}
	}
	*names = out;
	*nr = n;
	return 0;
}

static int fs_set_owner(void *h, const char *path, uint32_t domid)
{
	struct fake_node *n = node(h, path);

	if (!n) {
		errno = ENOENT;
		return -1;
	}
	n->owner = domid;
	return 0;
}

static int fs_set_perms(void *h, const char *path, uint32_t owner,
			uint32_t reader)
{
	struct fake_node *n = node(h, path);

	if (!n) {
		errno = ENOENT;
		return -1;
	}
	n->owner = owner;
	n->reader = reader;
	return 0;
}

int xend_fake_perms(struct xend_fake *f, const char *path, uint32_t *owner,
		    uint32_t *reader)
{
	struct fake_node *n = node(f, path);

	if (!n)
		return -1;
	*owner = n->owner;
	*reader = n->reader;
	return 0;
}

static int fs_introduce(void *h, uint32_t domid, uint64_t mfn,
			unsigned int port)
{
	struct xend_fake *f = h;

	(void)mfn;
	(void)port;
	if (!dom(f, domid) || failing(f, "introduce"))
		return -1;
	return 0;
}

static int fs_release(void *h, uint32_t domid)
{
	(void)h;
	(void)domid;
	return 0;
}

static int fs_resume(void *h, uint32_t domid)
{
	struct xend_fake *f = h;

	return dom(f, domid) ? 0 : -1;
}

static int fs_watch(void *h, const char *path, const char *token)
{
	struct xend_fake *f = h;

	(void)token;
	if (!strcmp(path, "@releaseDomain"))
		f->watch_release = true;
	return 0;
}

static int fs_read_watch(void *h, char **path, int timeout_ms)
{
	struct xend_fake *f = h;

	(void)timeout_ms;
	if (!f->nr_events)
		return 0;
	*path = f->events[0];
	memmove(f->events, f->events + 1, --f->nr_events * sizeof(char *));
	return 1;
}

const struct xend_store_ops xend_fake_store_ops = {
	.read = fs_read,
	.write = fs_write,
	.mkdir = fs_mkdir,
	.rm = fs_rm,
	.directory = fs_directory,
	.set_owner = fs_set_owner,
	.set_perms = fs_set_perms,
	.introduce = fs_introduce,
	.release = fs_release,
	.resume = fs_resume,
	.watch = fs_watch,
	.read_watch = fs_read_watch,
};

/* ---- for tests -------------------------------------------------------- */

unsigned int xend_fake_nr_domains(struct xend_fake *f)
{
	unsigned int i, n = 0;

	for (i = 0; i < FAKE_MAX_DOMS; i++)
		n += f->doms[i].used;
	return n;
}

unsigned int xend_fake_nr_nodes(struct xend_fake *f)
{
	return f->nr_nodes;
}

unsigned int xend_fake_nr_evtchns(struct xend_fake *f)
{
	unsigned int i, n = 0;

	for (i = 0; i < FAKE_MAX_DOMS; i++)
		if (f->doms[i].used)
			n += f->doms[i].evtchns;
	return n;
}

uint64_t xend_fake_free_pages(struct xend_fake *f)
{
	return f->free_pages;
}

uint64_t xend_fake_memmap_kb(struct xend_fake *f, uint32_t domid)
{
	struct fake_dom *d = dom(f, domid);

	return d ? d->memmap_kb : 0;
}

void xend_fake_dom0_balloon(struct xend_fake *f, bool works)
{
	f->dom0_balloons = works;
}
