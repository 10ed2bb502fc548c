/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * libxlutil.h - the domain configuration language (xm config files) and the
 * SXP format of xend-config.sxp.
 *
 * A domain config is a sequence of "key = value" lines; a value is a
 * string in single or double quotes, a number, or a [list] of those that
 * may span lines; "#" starts a comment.  This is the subset of Python that
 * xm config files use in practice (and that xl accepts); anything beyond it
 * is an error naming the file, line and column, never executed.
 *
 * Every key is checked against the Xen 3 domain keys (an unknown key is an
 * error suggesting the nearest known one), and every value against what
 * that key accepts, device specs (vif, disk) included.  Errors read:
 *
 *	FILE:LINE:COL: KEY: found WHAT, expected WHAT IS ACCEPTED
 *
 * Functions return 0 or -1 with @err filled in.  Nothing is half-applied:
 * on error the caller discards the config.
 */
#ifndef LIBXLUTIL_H
#define LIBXLUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xlu_error {
	char file[256];
	unsigned int line, col;
	char msg[768];		/* the whole message, file:line:col first */
};

enum xlu_key {
	XLU_KERNEL, XLU_RAMDISK, XLU_MEMORY, XLU_MAXMEM, XLU_NAME, XLU_VCPUS,
	XLU_CPUS, XLU_VIF, XLU_DISK, XLU_ROOT, XLU_EXTRA, XLU_DHCP,
	XLU_HOSTNAME, XLU_IP, XLU_NETMASK, XLU_GATEWAY, XLU_ON_POWEROFF,
	XLU_ON_REBOOT, XLU_ON_CRASH, XLU_UUID, XLU_BOOTLOADER, XLU_CPU_WEIGHT,
	XLU_CPU_CAP,
	XLU_NR_KEYS,
};

enum xlu_action {
	XLU_ACTION_DESTROY,
	XLU_ACTION_RESTART,
	XLU_ACTION_PRESERVE,
	XLU_ACTION_RENAME_RESTART,
};

struct xlu_vif {
	bool has_mac;
	uint8_t mac[6];
	bool has_be_mac;
	uint8_t be_mac[6];
	char *bridge;
	char *ip;		/* one or more IPv4 addresses, space separated */
	char *script;
	char *vifname;
	char *type;		/* "ioemu" or "netfront" */
	char *backend;		/* backend domain id or name */
};

enum xlu_disk_kind {
	XLU_DISK_PHY,
	XLU_DISK_FILE,
	XLU_DISK_NBD,
	XLU_DISK_TAP_AIO,
	XLU_DISK_TAP_SYNC,
	XLU_DISK_TAP_QCOW,
	XLU_DISK_EMPTY,		/* an empty CD-ROM drive: ",hdc:cdrom,r" */
};

struct xlu_disk {
	enum xlu_disk_kind kind;
	char *uname;		/* as written: "phy:VG/LV" */
	char *target;		/* "VG/LV", "/img", "10.0.0.1 20004" */
	char *nbd_host;		/* NBD only */
	unsigned int nbd_port;
	char *vdev;		/* "hda1", without ioemu: or :cdrom */
	bool ioemu;
	bool cdrom;
	bool writable;
	bool shareable;		/* "w!": no sharing check */
	char *backend;		/* backend domain, or NULL */
};

#define XLU_MAX_CPUS 256

struct xlu_config {
	uint32_t present;	/* bit (1 << enum xlu_key) per key set */
	char *kernel, *ramdisk, *name, *root, *extra, *dhcp, *hostname;
	char *ip, *netmask, *gateway, *bootloader, *cpus;
	long memory, maxmem, vcpus, cpu_cap;	/* MiB, MiB, count, percent */
	double cpu_weight;
	enum xlu_action on_poweroff, on_reboot, on_crash;
	uint8_t uuid[16];
	uint64_t cpumap[XLU_MAX_CPUS / 64];	/* from cpus */
	struct xlu_vif *vifs;
	unsigned int nr_vifs;
	struct xlu_disk *disks;
	unsigned int nr_disks;
};

static inline bool xlu_has(const struct xlu_config *c, enum xlu_key k)
{
	return c->present & (1u << k);
}

struct xlu_config *xlu_config_new(void);
void xlu_config_free(struct xlu_config *c);

/* Parse a config file, or text named @name in messages. */
int xlu_config_parse_file(struct xlu_config *c, const char *path,
			  struct xlu_error *err);
int xlu_config_parse_string(struct xlu_config *c, const char *name,
			    const char *text, size_t len,
			    struct xlu_error *err);
/*
 * Apply an xm create-style override "key=value" (command-line argument
 * number @argno, for messages).  Scalars are replaced; for vif and disk
 * the value is one more device, appended, as xm does.
 */
int xlu_config_override(struct xlu_config *c, const char *arg,
			unsigned int argno, struct xlu_error *err);
/* Checks across keys, once everything is applied: kernel, maxmem. */
int xlu_config_finish(struct xlu_config *c, struct xlu_error *err);

const char *xlu_key_name(enum xlu_key k);
const char *xlu_action_name(enum xlu_action a);
/* The known key nearest to @word (edit distance). */
const char *xlu_nearest_key(const char *word);

/*
 * Device specs, usable alone (xm network-attach, block-attach).  @where
 * prefixes messages ("FILE:LINE:COL: vif: ").
 */
int xlu_parse_vif(const char *spec, struct xlu_vif *vif, const char *where,
		  struct xlu_error *err);
int xlu_parse_disk(const char *spec, struct xlu_disk *disk,
		   const char *where, struct xlu_error *err);
int xlu_parse_cpus(const char *spec, uint64_t *map, const char *where,
		   struct xlu_error *err);
bool xlu_parse_mac(const char *s, uint8_t mac[6]);
void xlu_vif_free(struct xlu_vif *vif);
void xlu_disk_free(struct xlu_disk *disk);

/*
 * SXP: (lists (of atoms) 'and strings'), as xend-config.sxp and xm list
 * --long use.  Atoms and strings are both strings once parsed.
 */
struct sxp {
	bool is_list;
	char *atom;		/* !is_list: the text, NUL-terminated */
	size_t len;		/* its length (strings may hold NULs) */
	struct sxp *child;	/* is_list: first element */
	struct sxp *next;	/* next sibling */
	unsigned int line, col;
};

/* Every top-level form of @text, as the children of one list. */
struct sxp *sxp_parse(const char *name, const char *text, size_t len,
		      struct xlu_error *err);
struct sxp *sxp_parse_file(const char *path, struct xlu_error *err);
void sxp_free(struct sxp *s);
struct sxp *sxp_new_atom(const char *text);
struct sxp *sxp_new_list(void);
/* Append @item to list @list; returns @item. */
struct sxp *sxp_append(struct sxp *list, struct sxp *item);
/* One line, as Python's sxp.show(): "(a b 'c d')".  malloc()ed. */
char *sxp_show(const struct sxp *s);
/* xend's PrettyPrint layout within @width columns.  malloc()ed, ends "\n". */
char *sxp_pretty(const struct sxp *s, unsigned int width);
/* In list @s, the first child list whose head is @key. */
const struct sxp *sxp_child(const struct sxp *s, const char *key);
/* Its first value, if an atom; else @def. */
const char *sxp_child_value(const struct sxp *s, const char *key,
			    const char *def);

#endif /* LIBXLUTIL_H */
