/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xend.h - the control daemon's pieces: its configuration
 * (xend_config.c), its log (xend_log.c), the domains it manages
 * (xend_domain.c) and the request protocol xm speaks (xend_protocol.c,
 * Documentation/tools/xend-protocol.rst).
 */
#ifndef XEND_H
#define XEND_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "xend_backend.h"

struct json_object;

/* ---- /etc/xen/xend-config.sxp ---------------------------------------- */
#define XEND_CONFIG_DEFAULT "/etc/xen/xend-config.sxp"
#define XEND_SOCKET_DEFAULT "/var/run/xend/xend.sock"

struct xend_conf {
	char logfile[256];
	int loglevel;			/* XLOG_* */
	bool unix_server;
	char unix_path[108];
	bool relocation_server;
	unsigned int relocation_port;
	char relocation_address[64];
	char relocation_hosts_allow[512];
	char network_script[256];
	char vif_script[256];
	bool dom0_ballooning;
	unsigned long dom0_min_mem;	/* MiB; 0: never balloon */
	unsigned int dom0_cpus;		/* 0: all */
	bool enable_dump;
	unsigned long device_create_timeout;	/* s a hotplug script may take */
};

void xend_conf_defaults(struct xend_conf *c);
/*
 * Read @path into @c.  A malformed file, or a bad value, is refused:
 * returns -1 with a one-line message in @err ("FILE:LINE: ...").  Unknown
 * keys are accepted with a warning each, through @warn.
 */
int xend_conf_load(struct xend_conf *c, const char *path, char *err,
		   size_t errlen, void (*warn)(const char *msg));
int xend_conf_parse(struct xend_conf *c, const char *name, const char *text,
		    size_t len, char *err, size_t errlen,
		    void (*warn)(const char *msg));

/* ---- the log ---------------------------------------------------------- */
enum { XLOG_DEBUG, XLOG_INFO, XLOG_WARNING, XLOG_ERROR, XLOG_CRITICAL };
int xend_loglevel_parse(const char *name);	/* -1 if unknown */
/* Open @path (append); NULL or "" logs to stderr only. */
int xend_log_open(const char *path, int level, bool also_stderr);
void xend_log_close(void);
void xend_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *xend_log_path(void);

/* ---- domains ---------------------------------------------------------- */
enum xend_action { XA_DESTROY, XA_RESTART, XA_PRESERVE, XA_RENAME_RESTART };

/* A domain's configuration, as xm sends it and /vm/<uuid> keeps it. */
struct xend_domcfg {
	char *name, *kernel, *ramdisk, *cmdline, *cpus;
	long memory, maxmem, vcpus;		/* MiB, MiB, count */
	long vcpus_online;			/* the first N are online; 0: all */
	enum xend_action on_poweroff, on_reboot, on_crash;
	uint8_t uuid[16];
	bool has_uuid;
	long cpu_weight, cpu_cap;		/* -1: the scheduler's default */
	char **vifs, **disks;			/* device specs, as written */
	unsigned int nr_vifs, nr_disks;
};

struct xend_dom {
	struct xend_dom *next;
	uint32_t domid;
	char uuid[37];
	struct xend_domcfg cfg;		/* cfg.name is the domain's name */
	double start_time;
	bool managed;			/* we have its configuration */
	bool handled;			/* its shutdown was acted on */
	uint64_t store_mfn, console_mfn;
	unsigned int store_port, console_port;
	bool migrating;			/* being sent away (xend_migrate.c) */
	uint8_t mig_uuid[16];		/* migrating: the uuid it steps aside from */
	bool incoming;			/* a migration's copy, not running yet */
};

/* A hotplug script to run for a device (xend_device.c). */
struct xend_hotplug {
	char cls[8];			/* "vif" or "vbd" */
	char script[256];		/* its full path */
	const char *action;		/* online, offline, add, remove */
	char bepath[96];		/* XENBUS_PATH */
	const char *vif;		/* the interface, for a vif */
	char vif_name[32];
};

struct xend {
	const struct xend_hv_ops *hv;
	void *hvh;
	const struct xend_store_ops *st;
	void *sth;
	struct xend_conf conf;
	struct xend_dom *doms;
	double start_time;
	double (*now)(void);		/* seconds; tests may replace it */
	unsigned int balloon_timeout_ms;
	unsigned int min_restart_interval; /* s: quicker crashes are not restarted */
	bool check_host_devices;	/* create -n looks at bridges and disks */
	/*
	 * Devices (xend_device.c): how a hotplug script runs, NULL for
	 * none (the fake hypervisor: devices are only written), and how
	 * long xend waits for one, or for a backend to let go.
	 */
	int (*hotplug)(struct xend *x, const struct xend_hotplug *h,
		       char *err, size_t errlen);
	unsigned int hotplug_timeout_ms;
	/*
	 * Set while xend_init() looks at what a killed xend left behind:
	 * creates it did not finish, saves it did not finish.
	 */
	bool recovering;
	bool store_lost;		/* xenstored went away: reconnecting */
	/*
	 * Migration (xend_migrate.c): its threads take @lock around every
	 * use of this structure, the domains and the store; the loop that
	 * serves xm holds it but while it waits.  A request may take over
	 * its client's connection (@req_fd) to answer later: it sets
	 * @req_detached and the loop sends nothing.  @migrate is NULL in
	 * the tests (no migration there).
	 */
	pthread_mutex_t lock;
	int req_fd;
	bool req_detached;
	/* mbit: the live rounds' rate limit in Mbit/s (xm migrate -r), 0: none. */
	int (*migrate)(struct xend *x, const char *dom, const char *host,
		       unsigned int port, bool live, unsigned int mbit,
		       char *err, size_t errlen);
	/* The domain the relocation server builds (not adopted), or 0. */
	uint32_t incoming;
};

const char *xend_action_name(enum xend_action a);
int xend_action_parse(const char *s, enum xend_action *a);
void xend_domcfg_free(struct xend_domcfg *c);

/* The store's value at a printf-made path (malloc'd), or NULL if none. */
char *xend_read(struct xend *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Set up domain 0's nodes and find the running domains again. */
int xend_init(struct xend *x);
void xend_fini(struct xend *x);
/* Act on domains that shut down, crashed or went away. */
void xend_check_domains(struct xend *x);

/*
 * Create a domain from @cfg (which the call takes over, freed on
 * failure too).  On failure nothing is left: no domain, no node;
 * returns -1 with a one-line message in @err.  With @dry_run it only
 * checks the host and returns 0 or -1 with every problem in @err.
 */
int xend_domain_create(struct xend *x, struct xend_domcfg *cfg, bool paused,
		       bool dry_run, uint32_t *domid, char *err, size_t errlen);

/*
 * As xend_domain_create, but the domain's memory and vCPUs come from the
 * save image @image (checked already: xend_save.c) instead of a kernel.
 */
int xend_domain_restore(struct xend *x, struct xend_domcfg *cfg, const char *image,
			bool paused, uint32_t *domid, char *err, size_t errlen);
/*
 * The same in three steps, for a domain built from a stream as it comes
 * (xend_migrate.c), each with x->lock held: make (checks, the domain
 * created with its event channels, its nodes but the rings', its vCPUs
 * online and its devices; not yet listed: NULL and err if not), then the
 * caller fills it (b's outputs), then run (the rings' nodes, xenstored,
 * unpaused unless paused, listed; on failure undone), or unmake
 * (destroyed, nothing left).  Only run is in a migration's downtime.
 */
struct xend_build;
struct xend_dom *xend_domain_make(struct xend *x, struct xend_domcfg *cfg, char *err,
				  size_t errlen);
int xend_domain_run(struct xend *x, struct xend_dom *d, const struct xend_build *b,
		    bool paused, uint32_t *domid, char *err, size_t errlen);
void xend_domain_unmake(struct xend *x, struct xend_dom *d);
/* Rename @d and give it @uuid (a migrating domain steps aside). */
int xend_domain_reident(struct xend *x, struct xend_dom *d, const char *name,
			const uint8_t uuid[16]);
void xend_uuid_generate(uint8_t u[16]);
int xend_memory_check(struct xend *x, const char *name, long mem_mib, char *err,
		      size_t errlen);
/* xend_migrate.c: the relocation server (if configured) and xm migrate. */
int xend_migrate_init(struct xend *x, bool fake);
const char *xend_migrate_error(void);
/* xend_save.c: xm save and restore. */
int xend_domain_save_image(struct xend *x, struct xend_dom *d, const char *path,
		     char *err, size_t errlen);
int xend_restore_file(struct xend *x, const char *path, bool paused,
		      uint32_t *domid, char **name, char *err, size_t errlen);
/* The protocol: one request line in, one reply (malloc()ed, no newline). */
char *xend_handle_request(struct xend *x, const char *line, size_t len);

/* Helpers shared by the pieces. */
void xend_uuid_str(const uint8_t u[16], char out[37]);
int xend_uuid_parse(const char *s, uint8_t u[16]);
struct json_object *xend_domcfg_to_json(const struct xend_domcfg *c);
int xend_domcfg_from_json(struct json_object *o, struct xend_domcfg *c,
			  char *err, size_t errlen);



/* For the protocol (xend_domain.c). */
struct xend_dom *xend_lookup(struct xend *x, const char *spec);
void xend_domain_destroy(struct xend *x, struct xend_dom *d);
/* A suspended domain runs again (a cancelled suspend): 0, or -1 (errno). */
int xend_resume(struct xend *x, uint32_t domid);
int xend_domain_rename(struct xend *x, struct xend_dom *d, const char *name,
		       char *err, size_t errlen);
int xend_domain_vcpus(struct xend *x, struct xend_dom *d, long n);
int xend_domain_set_vm(struct xend *x, struct xend_dom *d, const char *key,
		       long value);
int xend_check_name(struct xend *x, const char *name,
		    const struct xend_dom *self, char *err, size_t errlen);
/* Rewrite /vm/<uuid> after a change of devices (xend_domain.c). */
int xend_domain_save(struct xend *x, struct xend_dom *d);

/* The most domains a getinfolist asks about. */
#define MAX_DOMS 1024

/* ---- xend_domain.c's, for xend_recover.c ----------------------------- */
/* Free @d (not linked), unlink it from x->doms, remove its nodes. */
void xend_dom_free(struct xend_dom *d);
void xend_unlink_dom(struct xend *x, struct xend_dom *d);
void xend_cleanup_nodes(struct xend *x, struct xend_dom *d);
/* What a managed domain's shutdown with @reason asks (on_poweroff...). */
void xend_act(struct xend *x, struct xend_dom *d, unsigned int reason);
/* A running domain xend manages again after a restart; NULL if not. */
struct xend_dom *xend_adopt(struct xend *x, const struct xend_dominfo *in);

/* ---- devices (xend_device.c) ------------------------------------------ */
/* Xen's virtual-device number of a guest device name, -1 if none. */
int xend_vdev_number(const char *name);
/*
 * Remove store node @path if it has no children: an emptied parent, so
 * that the last domain's devices or records leave no empty directory.
 */
void xend_rm_if_empty(struct xend *x, const char *path);
/*
 * Every vif and disk of @c can be made: specs parse, names are known, no
 * image is written by two domains.  @self: the domain they are for, if it
 * exists.  Changes nothing.
 */
int xend_devices_check(struct xend *x, const struct xend_domcfg *c,
		       const struct xend_dom *self, char *err, size_t errlen);
/* Make @d's devices; on failure none is left, and @err says why. */
int xend_devices_create(struct xend *x, struct xend_dom *d, char *err,
			size_t errlen);
/* Tear down every device of @domid (its frontends already gone). */
void xend_devices_destroy(struct xend *x, uint32_t domid);
/* cls "vif" or "vbd"; the spec as in a configuration file. */
int xend_device_attach(struct xend *x, struct xend_dom *d, const char *cls,
		       const char *spec, unsigned int *devid, char *err,
		       size_t errlen);
int xend_device_detach(struct xend *x, struct xend_dom *d, const char *cls,
		       const char *which, bool force, char *err, size_t errlen);
struct json_object *xend_device_list(struct xend *x, struct xend_dom *d,
				     const char *cls);
/* The runner of domain 0: udev's, or the script itself. */
int xend_hotplug_exec(struct xend *x, const struct xend_hotplug *h,
		      char *err, size_t errlen);
#endif /* XEND_H */
