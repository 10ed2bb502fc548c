/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenstored.h - the daemon's internal interfaces.
 *
 * Locking: none.  xenstored is single-threaded; every structure below is
 * owned by the main loop.  A request runs to completion before the next is
 * read, which is what makes a transaction commit atomic.
 *
 * Object lifetimes:
 *  - struct node lives in the global tree (xenstored_tree.c) or in one
 *    transaction's overlay (xenstored_transaction.c), never in both.
 *  - struct connection owns its watches, transactions and queued output.
 *  - struct domain outlives its connection: it carries the node accounting
 *    of a domain id, whether or not that domain is introduced.
 */
#ifndef XENSTORED_H
#define XENSTORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>
#include <sys/types.h>

#include "xenstore_lib.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#ifndef DOMID_INVALID		/* also in <xen/xen.h> */
#define DOMID_INVALID		0x7ff4u
#define DOMID_FIRST_RESERVED	0x7ff0u
#endif

struct connection;
struct transaction;
struct domain;

/*
 * struct node - one entry of the store.
 * @children holds the child names, each NUL-terminated, in creation order;
 * that is also the DIRECTORY reply.  @perms[0] names the owner and the
 * access of every domain not listed later.
 */
struct node {
	char *path;
	char *value;
	unsigned int value_len;
	struct xs_perm *perms;
	unsigned int nr_perms;
	char *children;
	unsigned int children_len;
	uint64_t generation;	/* store generation of the last change */
};

/*
 * struct xs_transport_ops - how bytes move between a connection and its peer.
 *
 * The core never knows whether it talks to a socket or a shared ring.  All
 * hooks run in the main loop.  @read and @write are mandatory, the rest are
 * optional (NULL).
 *
 * @read:    copy at most @len request bytes into @buf.  Returns the number
 *           of bytes, 0 if nothing is available now, or -errno if the
 *           transport is broken (peer gone, corrupt ring indices).
 * @write:   queue at most @len reply bytes.  Returns bytes taken, 0 if the
 *           peer has no room now, or -errno if broken.
 * @notify:  tell the peer that replies were written (event channel kick).
 * @poll_fd: file descriptor the main loop polls for this connection, or -1.
 * @protocol_error: the peer broke the protocol (payload too long); a ring
 *           reports it in its error field before the core drops it.
 * @release: free the transport state; the connection is going away.
 */
struct xs_transport_ops {
	const char *name;
	ssize_t (*read)(struct connection *conn, void *buf, size_t len);
	ssize_t (*write)(struct connection *conn, const void *buf, size_t len);
	void (*notify)(struct connection *conn);
	int (*poll_fd)(struct connection *conn);
	void (*protocol_error)(struct connection *conn);
	void (*release)(struct connection *conn);
};

/* A queued reply or watch event, written out from @off onwards. */
struct out_msg {
	TAILQ_ENTRY(out_msg) list;
	bool is_event;
	size_t len;
	size_t off;
	char data[];
};

struct watch {
	TAILQ_ENTRY(watch) list;
	char *path;		/* canonical path, or "@introduceDomain"... */
	char *token;
	unsigned int rel_len;	/* strip this prefix from event paths */
};

struct connection {
	TAILQ_ENTRY(connection) list;
	const struct xs_transport_ops *ops;
	void *priv;			/* transport state */
	unsigned int id;		/* domain id of the peer */
	struct domain *domain;		/* accounting, never NULL */
	bool broken;			/* drop at the next main loop pass */
	bool more_input;		/* stopped before draining the input */
	/*
	 * Part of a message is in (a ring's, taken only whole): look again
	 * soon.  Linux signals a write only when we had taken everything
	 * before it, so the rest of a message comes without an event.
	 */
	bool partial_input;

	/* Input: the message being assembled. */
	struct xsd_sockmsg in_hdr;
	size_t in_used;			/* header + payload bytes so far */
	char in_buf[XENSTORE_PAYLOAD_MAX + 1];

	/* Output. */
	TAILQ_HEAD(, out_msg) out;
	unsigned int nr_out_replies;
	unsigned int nr_out_events;
	unsigned long dropped_events;

	TAILQ_HEAD(, watch) watches;
	unsigned int nr_watches;

	TAILQ_HEAD(, transaction) transactions;
	unsigned int nr_transactions;
	uint32_t next_tx_id;
};

TAILQ_HEAD(connection_list, connection);
extern struct connection_list connections;

/* A change that may fire watches once it is visible in the global tree. */
struct change {
	TAILQ_ENTRY(change) list;
	bool removed;		/* the subtree under @path went away */
	struct xs_perm *perms;	/* perms of the node when it changed */
	unsigned int nr_perms;
	char path[];
};
TAILQ_HEAD(change_list, change);

/* One request being served; decode fills @args, handlers reply once. */
#define XS_MAX_ARGS 32
struct request {
	struct connection *conn;
	struct xsd_sockmsg hdr;
	char *payload;
	struct transaction *trans;
	const char *args[XS_MAX_ARGS];
	unsigned int nr_args;
	struct change_list changes;
};

/*
 * Quotas.  Domain 0 (and a domain's device model via SET_TARGET) is trusted
 * and only bound by the *_priv limits; everybody else by the first set.
 */
struct xsd_quota {
	unsigned int nodes_per_domain;
	unsigned int node_size;
	unsigned int watches_per_conn;
	unsigned int transactions_per_conn;
	unsigned int outstanding_per_conn;
	unsigned int perms_per_node;
	unsigned int events_per_conn;
	unsigned int outstanding_priv;
	unsigned int events_priv;
};
extern struct xsd_quota quota;

extern bool xsd_verbose;
/*
 * How many times a daemon started on this state file (--persist,
 * --db-file), 0 without one.  Transaction ids carry it (transaction.c).
 */
extern uint32_t xsd_epoch;
void xsd_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* xenstored_core.c */
void xsd_core_init(void);
void xsd_core_reset(void);
struct connection *conn_new(const struct xs_transport_ops *ops, void *priv,
			    unsigned int domid);
void conn_destroy(struct connection *conn);
void conn_process_input(struct connection *conn);
bool conn_process_input_budget(struct connection *conn);
void conn_flush_output(struct connection *conn);
bool conn_can_read(const struct connection *conn);
bool conn_want_write(const struct connection *conn);
bool conn_is_privileged(const struct connection *conn);
int send_reply(struct request *req, uint32_t type, const void *data,
	       unsigned int len);
int send_ok(struct request *req);
int send_string(struct request *req, const char *str);
void send_event(struct connection *conn, const char *path, const char *token);
int xsd_reap_connections(void);

/* xenstored_ops.c: node requests */
int do_read(struct request *req);
int do_write(struct request *req);
int do_mkdir(struct request *req);
int do_rm(struct request *req);
int do_directory(struct request *req);
int do_directory_part(struct request *req);
int do_get_perms(struct request *req);
int do_set_perms(struct request *req);
int do_control(struct request *req);
int store_rm_tree(const char *path, struct change_list *changes);
int canonical_path(struct connection *conn, const char *in, char **out,
		   bool allow_special);
bool is_valid_path(const char *path);

/* xenstored_tree.c: the global tree */
extern uint64_t store_generation;
void tree_init(void);
void tree_reset(void);
struct node *tree_lookup(const char *path);
void tree_insert(struct node *node);
void tree_replace(struct node *node);
void tree_delete(const char *path);
void tree_node_changed(struct node *node, unsigned int old_owner);
unsigned long tree_count(void);
void tree_walk(void (*fn)(const struct node *node, void *arg), void *arg);
struct node *node_new(const char *path);
struct node *node_dup(const struct node *node);
void node_free(struct node *node);
int node_set_value(struct node *node, const void *data, unsigned int len);
int node_set_perms(struct node *node, const struct xs_perm *perms,
		   unsigned int nr);
int node_add_child(struct node *node, const char *name);
bool node_remove_child(struct node *node, const char *name);
bool node_has_child(const struct node *node, const char *name);
unsigned int node_size(const struct node *node);
static inline unsigned int node_owner(const struct node *node)
{
	return node->perms[0].id;
}
const char *basename_of(const char *path);
char *parent_of(const char *path);

/* xenstored_perms.c */
unsigned int perms_for_conn(const struct connection *conn,
			    const struct xs_perm *perms, unsigned int nr);
int perms_parse(const char *const *strs, unsigned int nr,
		struct xs_perm **out);
unsigned int perms_format(const struct xs_perm *perms, unsigned int nr,
			  char *buf, size_t size);

/* xenstored_transaction.c: the view a request sees */
struct node *store_lookup(struct request *req, const char *path);
struct node *store_modify(struct request *req, const char *path);
int store_create(struct request *req, struct node *node);
void store_remove(struct request *req, const struct node *node);
void store_changed(struct request *req, struct node *node,
		   unsigned int old_owner);
int store_nodes_of(struct request *req, unsigned int domid);
struct transaction *transaction_lookup(struct connection *conn, uint32_t id);
uint32_t transaction_first_id(void);
int transaction_unknown(uint32_t id);
void transaction_destroy_all(struct connection *conn);
int do_transaction_start(struct request *req);
int do_transaction_end(struct request *req);
struct change_list *request_changes(struct request *req);
void change_add(struct change_list *list, const struct node *node,
		bool removed);
void change_add_special(struct change_list *list, const char *name);
void changes_free(struct change_list *list);

/* xenstored_watch.c */
int do_watch(struct request *req);
int do_unwatch(struct request *req);
int do_reset_watches(struct request *req);
void watches_destroy_all(struct connection *conn);
void fire_changes(struct change_list *changes);
int watch_add(struct connection *conn, const char *path, const char *token,
	      unsigned int rel_len);
bool watches_persisted(const struct connection *conn);

/* xenstored_domain.c */
struct domain {
	TAILQ_ENTRY(domain) list;
	unsigned int domid;
	bool introduced;
	uint64_t mfn;
	unsigned int evtchn;
	unsigned int target;		/* DOMID_INVALID: none */
	unsigned int nr_nodes;		/* nodes this domain owns */
	struct connection *conn;	/* ring connection, if any */
	int local_port;			/* our end of its event channel, -1 */
	bool shutdown;			/* @releaseDomain fired for shutdown */
	/* From the state file, until domains_restore() serves it again. */
	bool restored;
	void *saved_watches;		/* its ring's watches: a record */
	size_t saved_watches_len;
};

/*
 * Hook the daemon sets (xenstored_xen.c) to map a guest's ring page and
 * bind its event channel.  Returns a new connection, whose ring release
 * undoes both, or NULL with errno set.  With no hook (tests, a daemon not
 * running on Xen), INTRODUCE records the domain without a connection.
 */
extern struct connection *(*domain_connect_hook)(struct domain *d);

/* What domain_state_hook says of a domain. */
enum xsd_dom_state {
	XSD_DOM_RUNNING,	/* alive (running, paused, blocked) */
	XSD_DOM_SHUTDOWN,	/* shut down, not yet destroyed */
	XSD_DOM_GONE,		/* dying or no longer exists */
};

/* Asked by domains_check() for every introduced guest; NULL: all alive. */
extern enum xsd_dom_state (*domain_state_hook)(unsigned int domid);

struct domain *domain_get(unsigned int domid);
struct domain *domain_find(unsigned int domid);
void domain_conn_gone(struct connection *conn);
void domains_reset(void);
int do_introduce(struct request *req);
int do_release(struct request *req);
int do_get_domain_path(struct request *req);
int do_is_domain_introduced(struct request *req);
int do_resume(struct request *req);
int do_set_target(struct request *req);
int parse_domid(const char *str, unsigned int *domid);
struct domain *domain_by_port(int local_port);
void domain_release(struct domain *d, struct change_list *changes);
int domains_check(void);
int domains_restore(void);

/* xenstored_persist.c */
int persist_open(const char *file);
void persist_close(void);
bool persist_enabled(void);
void persist_store(const struct node *node);
void persist_delete(const char *path);
int persist_load(void);
void persist_repair(void);
int persist_sync(void);
void persist_domain(const struct domain *d);
void persist_watches(const struct connection *conn);
int persist_restore_watches(struct domain *d, struct connection *conn);

/* xenstored_transport_socket.c */
int socket_listen(const char *path);
struct connection *socket_accept(int listen_fd);

/* xenstored_transport_ring.c */
struct connection *ring_conn_new(struct xenstore_domain_interface *intf,
				 unsigned int domid,
				 void (*kick)(void *arg), void *arg,
				 int poll_fd);
bool ring_has_input(const struct connection *conn);
void ring_conn_on_release(struct connection *conn, void (*fn)(void *arg));

#endif /* XENSTORED_H */
