/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xend_backend.h - the two things xend drives, behind small interfaces:
 * the hypervisor (libxenctrl and libxenguest: xend_xc.c) and the store
 * (libxenstore: xend_xs.c).  xend_fake.c implements both in memory so the
 * daemon's logic runs, and is tested, on any build host.
 *
 * Every function returns 0 (or a count, or a port) on success and -1 with
 * errno set on failure, as Xen's libraries do.
 */
#ifndef XEND_BACKEND_H
#define XEND_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Domain flags: the hypervisor's XEN_DOMINF_* bits xend looks at. */
#define XD_DYING	(1u << 0)
#define XD_SHUTDOWN	(1u << 2)
#define XD_PAUSED	(1u << 3)
#define XD_BLOCKED	(1u << 4)
#define XD_RUNNING	(1u << 5)

/* Shutdown reasons (SHUTDOWN_* of the sched interface). */
#define XD_SHUTDOWN_POWEROFF	0
#define XD_SHUTDOWN_REBOOT	1
#define XD_SHUTDOWN_SUSPEND	2
#define XD_SHUTDOWN_CRASH	3
#define XD_SHUTDOWN_WATCHDOG	4

#define XD_MAX_CPUS 256

struct xend_dominfo {
	uint32_t domid;
	uint32_t flags;			/* XD_* */
	unsigned int shutdown_reason;	/* valid with XD_SHUTDOWN */
	uint64_t tot_pages, max_pages;	/* 4 KiB pages */
	uint64_t cpu_time;		/* ns */
	uint32_t online_vcpus, max_vcpu_id, ssidref;
	uint8_t handle[16];
};

struct xend_physinfo {
	unsigned int nr_cpus, nr_nodes, cores_per_socket, threads_per_core;
	unsigned int cpu_khz;
	uint32_t hw_cap[8];
	uint64_t total_pages, free_pages;
};

struct xend_xeninfo {
	int major, minor;
	char extra[16], caps[1024], platform[64], changeset[64];
	char compiler[64], compile_by[16], compile_domain[32], compile_date[32];
};

struct xend_vcpuinfo {
	bool online, blocked, running;
	uint64_t cpu_time;		/* ns */
	unsigned int cpu;
	uint64_t cpumap[XD_MAX_CPUS / 64];
};

struct xend_build {
	/* in */
	const char *kernel, *ramdisk, *cmdline;
	unsigned long mem_kb;
	unsigned int vcpus;
	unsigned int console_evtchn, store_evtchn;
	/* A save image to restore (xend_save.c) instead of building; NULL: build. */
	const char *restore;
	/* out */
	uint64_t console_mfn, store_mfn;
	/* A stream's restore: CLOCK_MONOTONIC at its END; its pins' time (ns). */
	uint64_t end_ns, pin_ns;
	char error[256];		/* why it failed, when it did */
};

struct xend_live;
struct xend_live_out;

struct xend_hv_ops {
	int (*domain_create)(void *h, const uint8_t uuid[16], unsigned int vcpus,
			     uint32_t *domid);
	int (*domain_destroy)(void *h, uint32_t domid);
	int (*domain_pause)(void *h, uint32_t domid);
	int (*domain_unpause)(void *h, uint32_t domid);
	int (*domain_shutdown)(void *h, uint32_t domid, int reason);
	int (*max_vcpus)(void *h, uint32_t domid, unsigned int max);
	int (*setmaxmem)(void *h, uint32_t domid, uint64_t max_kb);
	/* The domain's memory_map: one RAM range of @limit_kb from 0. */
	int (*set_memmap)(void *h, uint32_t domid, uint64_t limit_kb);
	/* An unbound port of @domid for @remote; returns the port. */
	int (*evtchn_alloc)(void *h, uint32_t domid, uint32_t remote);
	int (*build)(void *h, uint32_t domid, struct xend_build *b);
	/* Up to @max domains from id @first on; returns the count. */
	int (*getinfolist)(void *h, uint32_t first, unsigned int max,
			   struct xend_dominfo *info);
	int (*physinfo)(void *h, struct xend_physinfo *pi);
	int (*xeninfo)(void *h, struct xend_xeninfo *xi);
	int (*readconsolering)(void *h, char *buf, unsigned int *len,
			       bool clear);
	int (*vcpu_info)(void *h, uint32_t domid, unsigned int vcpu,
			 struct xend_vcpuinfo *vi);
	int (*vcpu_setaffinity)(void *h, uint32_t domid, unsigned int vcpu,
				const uint64_t *cpumap);
	int (*sched_credit_get)(void *h, uint32_t domid, unsigned int *weight,
				unsigned int *cap);
	int (*sched_credit_set)(void *h, uint32_t domid, unsigned int weight,
				unsigned int cap);
	/*
	 * Save suspended @domid to @fd, @config its DOMAIN_CONFIG; why it
	 * failed in @err.  resume: a suspend that was not followed by a
	 * save is cancelled, and the guest goes on (its suspend returns 1).
	 */
	int (*save)(void *h, uint32_t domid, int fd, const char *config,
		    char *err, size_t errlen);
	int (*resume)(void *h, uint32_t domid);
	/*
	 * A live save of running @domid to @fd (a socket): rounds while it
	 * runs, then suspend(arg) stops it (xend_migrate.c); NULL: this back
	 * end cannot migrate.  The figures of the stream in @out.
	 */
	int (*save_live)(void *h, uint32_t domid, int fd, const char *config,
			 const struct xend_live *l, struct xend_live_out *out,
			 char *err, size_t errlen);
	/*
	 * Fill created @domid from a save stream as it comes (read(): bytes,
	 * 0 at its end, -1 with errno), built on the way; at most b->mem_kb
	 * and b->vcpus; the rings' frames out, why it failed in b->error (the
	 * caller destroys the domain).  NULL: this back end cannot.
	 */
	int (*restore_stream)(void *h, uint32_t domid, struct xend_build *b,
			      long (*read)(void *opaque, void *buf, size_t len), void *opaque);
	/*
	 * Optional: end @domid's log-dirty mode, which a live save that
	 * died (with its xend) left on.
	 */
	int (*logdirty_off)(void *h, uint32_t domid);
};

struct xend_live {
	bool live;			/* false: one round, suspended first */
	int (*suspend)(void *arg, char *err, size_t errlen);
	void (*progress)(void *arg, unsigned int round, bool final,
			 unsigned long round_pages, unsigned long round_done,
			 unsigned long nr_pages, uint64_t bytes);
	void *arg;
};
struct xend_live_out {
	unsigned int rounds;
	unsigned long pages;
	uint64_t bytes;
	bool layout_whole;	/* struct xc_save's */
};

struct xend_store_ops {
	/* *@value malloc()ed, NUL-terminated. */
	int (*read)(void *h, const char *path, char **value);
	int (*write)(void *h, const char *path, const char *value);
	int (*mkdir)(void *h, const char *path);
	/* Removes the node and everything below it; ENOENT is success. */
	int (*rm)(void *h, const char *path);
	/* *@names: one allocation, *@nr pointers then the strings. */
	int (*directory)(void *h, const char *path, char ***names,
			 unsigned int *nr);
	/* The node belongs to @domid (it may write it), others read only. */
	int (*set_owner)(void *h, const char *path, uint32_t domid);
	/* @owner may do anything, @reader read, others nothing (devices). */
	int (*set_perms)(void *h, const char *path, uint32_t owner,
			 uint32_t reader);
	int (*introduce)(void *h, uint32_t domid, uint64_t mfn,
			 unsigned int port);
	int (*release)(void *h, uint32_t domid);
	/* The domain runs again after a shutdown (a cancelled suspend). */
	int (*resume)(void *h, uint32_t domid);
	int (*watch)(void *h, const char *path, const char *token);
	/* A watch event within @timeout_ms: 1 (path in *@path), 0 if none. */
	int (*read_watch)(void *h, char **path, int timeout_ms);
	/*
	 * Optional: connect @h again once the store's daemon restarted (an
	 * op failed with ECONNRESET or EPIPE); watches are set again after.
	 */
	int (*reconnect)(void *h);
};

/* xend_fake.c: both, in memory, for host tests (xend --fake-hypervisor). */
struct xend_fake;
struct xend_fake *xend_fake_new(void);
void xend_fake_free(struct xend_fake *f);
extern const struct xend_hv_ops xend_fake_hv_ops;
extern const struct xend_store_ops xend_fake_store_ops;
/*
 * Make the step named @step fail with @err, @after successful calls from
 * now: "create", "max_vcpus", "setmaxmem", "set_memmap", "evtchn", "build", "write",
 * "introduce", "unpause", "physinfo".  NULL clears.
 */
void xend_fake_fail(struct xend_fake *f, const char *step, unsigned int after,
		    int err);
/* What a guest does: shut down for @reason. */
int xend_fake_shutdown(struct xend_fake *f, uint32_t domid, int reason);
/* How many domains, nodes and event channels exist (for leak checks). */
unsigned int xend_fake_nr_domains(struct xend_fake *f);
unsigned int xend_fake_nr_nodes(struct xend_fake *f);
unsigned int xend_fake_nr_evtchns(struct xend_fake *f);
uint64_t xend_fake_free_pages(struct xend_fake *f);
/* The memory map set for @domid, in KiB (0: none, or no such domain). */
uint64_t xend_fake_memmap_kb(struct xend_fake *f, uint32_t domid);
/* Domain 0's balloon driver: honours memory/target (default: yes). */
void xend_fake_dom0_balloon(struct xend_fake *f, bool works);
/* A node's owner and reader (set_perms; reader ~0u if none); -1 if none. */
int xend_fake_perms(struct xend_fake *f, const char *path, uint32_t *owner,
		    uint32_t *reader);
/* Read a node straight from the fake store (tests); malloc()ed or NULL. */
char *xend_fake_read(struct xend_fake *f, const char *path);

/* xend_xs.c: libxenstore.  NULL path: the default socket. */
void *xend_xs_open(const char *path);
extern const struct xend_store_ops xend_xs_ops;

/* xend_xc.c: libxenctrl + libxenguest, when this build has them. */
void *xend_xc_open(char *why, unsigned int len);
extern const struct xend_hv_ops xend_xc_ops;

#endif /* XEND_BACKEND_H */
