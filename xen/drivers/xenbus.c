/*
 * The xenstore client and the split-driver handshake (kernel/xenbus.h).
 *
 * The ring page is mapped over a page of the image, as the console's is.
 * A request is its xsd_sockmsg header and payload copied into req[] as
 * space allows (the daemon drains it as we notify); the reply is read
 * from rsp[] header first.  Replies come in order, one per request, but
 * watch events (XS_WATCH_EVENT) may come at any time: they are queued
 * and handed out by xs_wait_watch().  The port is never given a
 * handler, so it stays masked and we wait on it with SCHEDOP_poll,
 * clearing it before each look at the ring so no notification is lost.
 */
#include <asm/hypercall.h>
#include <asm/page.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <kernel/xenbus.h>
#include <lib/string.h>
#include <lib/vsprintf.h>
#include <stdarg.h>

static char store_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static struct xenstore_domain_interface *intf;
static evtchn_port_t store_port;
static uint32_t next_req_id = 1;

/* Watch events not yet taken: "path\0token\0" each. */
#define WATCH_QUEUE	16
static struct {
	char path[XENBUS_PATH_MAX];
	char token[16];
} watch_queue[WATCH_QUEUE];
static unsigned int watch_head, watch_count;

void xen_wait_port(evtchn_port_t port, uint64_t deadline_ns)
{
	bool masked = events_disable();

	if (!evtchn_is_pending(port) && xen_system_time() < deadline_ns)
		evtchn_poll(port, deadline_ns);
	evtchn_clear(port);
	events_restore(masked);
}

long xs_init(void)
{
	xen_pfn_t mfn;

	if (intf)
		return 0;
	if (!start_info || !start_info->store_mfn)
		return -ENODEV;
	mfn = start_info->store_mfn;
	if (HYPERVISOR_update_va_mapping((unsigned long)store_page, mfn_pte(mfn, true),
					 UVMF_INVLPG))
		return -EFAULT;
	store_port = start_info->store_evtchn;
	intf = (struct xenstore_domain_interface *)store_page;
	return 0;
}

void xs_resume(void)
{
	if (!intf)
		return;
	store_port = start_info->store_evtchn;
	watch_count = 0;	/* the old store's events: no one waits for them now */
}

static void store_notify(void)
{
	evtchn_send(store_port);
}

/* Copy len bytes into req[], waiting for room; -ETIMEDOUT if none comes. */
static long ring_write(const void *data, size_t len, uint64_t deadline)
{
	const char *p = data;

	while (len) {
		XENSTORE_RING_IDX cons = __atomic_load_n(&intf->req_cons, __ATOMIC_ACQUIRE);
		XENSTORE_RING_IDX prod = intf->req_prod;
		size_t room = XENSTORE_RING_SIZE - (prod - cons);
		size_t n = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);

		if (prod - cons > XENSTORE_RING_SIZE)
			return -EIO;	/* the daemon wrote nonsense */
		if (!room) {
			store_notify();
			if (xen_system_time() >= deadline)
				return -ETIMEDOUT;
			xen_wait_port(store_port, xen_system_time() + 10 * NSEC_PER_MSEC);
			continue;
		}
		if (n > room)
			n = room;
		if (n > len)
			n = len;
		memcpy(intf->req + MASK_XENSTORE_IDX(prod), p, n);
		__atomic_store_n(&intf->req_prod, prod + n, __ATOMIC_RELEASE);
		p += n;
		len -= n;
	}
	store_notify();
	return 0;
}

/* Take len bytes from rsp[], waiting for them. */
static long ring_read(void *data, size_t len, uint64_t deadline)
{
	char *p = data;

	while (len) {
		XENSTORE_RING_IDX prod = __atomic_load_n(&intf->rsp_prod, __ATOMIC_ACQUIRE);
		XENSTORE_RING_IDX cons = intf->rsp_cons;
		size_t avail = prod - cons;
		size_t n = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);

		if (avail > XENSTORE_RING_SIZE)
			return -EIO;
		if (!avail) {
			if (xen_system_time() >= deadline)
				return -ETIMEDOUT;
			xen_wait_port(store_port, xen_system_time() + 10 * NSEC_PER_MSEC);
			continue;
		}
		if (n > avail)
			n = avail;
		if (n > len)
			n = len;
		memcpy(p, intf->rsp + MASK_XENSTORE_IDX(cons), n);
		__atomic_store_n(&intf->rsp_cons, cons + n, __ATOMIC_RELEASE);
		p += n;
		len -= n;
	}
	store_notify();		/* the daemon may be waiting for room */
	return 0;
}

/* A watch event's payload "path\0token\0": queue it (the oldest goes when full). */
static void queue_watch(const char *payload, size_t len)
{
	size_t plen = strnlen(payload, len);
	const char *token = payload + plen + 1;
	unsigned int slot;

	if (plen + 1 >= len)
		return;	/* no token: not an event of ours */
	if (watch_count == WATCH_QUEUE) {
		watch_head = (watch_head + 1) % WATCH_QUEUE;
		watch_count--;
	}
	slot = (watch_head + watch_count++) % WATCH_QUEUE;
	strlcpy(watch_queue[slot].path, payload, sizeof(watch_queue[slot].path));
	strlcpy(watch_queue[slot].token, token, sizeof(watch_queue[slot].token));
}

static long xs_error(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xsd_errors); i++)
		if (!strcmp(name, xsd_errors[i].errstring))
			return -xsd_errors[i].errnum;
	return -EIO;
}

/*
 * Read one message into payload (NUL-terminated) and *hdr; a watch event
 * is queued here.  0, or -errno.
 */
static char payload[XENSTORE_PAYLOAD_MAX + 1];

static long read_message(struct xsd_sockmsg *hdr, uint64_t deadline)
{
	long rc = ring_read(hdr, sizeof(*hdr), deadline);

	if (rc)
		return rc;
	if (hdr->len > XENSTORE_PAYLOAD_MAX)
		return -EIO;
	rc = ring_read(payload, hdr->len, deadline);
	if (rc)
		return rc;
	payload[hdr->len] = '\0';
	if (hdr->type == XS_WATCH_EVENT)
		queue_watch(payload, hdr->len);
	return 0;
}

/* The reply to req_id (watch events before it are queued): its length. */
static long read_reply(uint32_t req_id, char *buf, size_t size, uint64_t deadline)
{
	struct xsd_sockmsg hdr;
	long rc;

	for (;;) {
		rc = read_message(&hdr, deadline);
		if (rc)
			return rc;
		if (hdr.type == XS_WATCH_EVENT || hdr.req_id != req_id)
			continue;	/* an event, or a reply to a request we gave up on */
		if (hdr.type == XS_ERROR)
			return xs_error(payload);
		if (buf) {
			if (hdr.len >= size)
				return -E2BIG;
			memcpy(buf, payload, hdr.len + 1);
		}
		return hdr.len;
	}
}

/* One request of up to two payload parts; the reply's length or -errno. */
static long xs_talk(uint32_t type, const char *a, size_t alen, const char *b, size_t blen,
		    char *reply, size_t size)
{
	uint64_t deadline = xen_system_time() + XS_TIMEOUT_NS;
	struct xsd_sockmsg hdr = {
		.type = type, .req_id = next_req_id++, .tx_id = 0, .len = alen + blen,
	};
	long rc = xs_init();

	if (rc)
		return rc;
	if (hdr.len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	rc = ring_write(&hdr, sizeof(hdr), deadline);
	if (!rc)
		rc = ring_write(a, alen, deadline);
	if (!rc && blen)
		rc = ring_write(b, blen, deadline);
	if (rc)
		return rc;
	return read_reply(hdr.req_id, reply, size, deadline);
}

long xs_read(const char *path, char *buf, size_t size)
{
	return xs_talk(XS_READ, path, strlen(path) + 1, NULL, 0, buf, size);
}

long xs_read_ulong(const char *path, unsigned long *val)
{
	char buf[24];
	const char *end;
	long rc = xs_read(path, buf, sizeof(buf));

	if (rc < 0)
		return rc;
	if (!rc)
		return -EINVAL;
	*val = simple_strtoull(buf, &end, 10, NULL);
	return *end ? -EINVAL : 0;
}

long xs_write(const char *path, const char *value)
{
	long rc = xs_talk(XS_WRITE, path, strlen(path) + 1, value, strlen(value), NULL, 0);

	return rc < 0 ? rc : 0;
}

long xs_printf(const char *path, const char *fmt, ...)
{
	char value[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	return xs_write(path, value);
}

long xs_rm(const char *path)
{
	long rc = xs_talk(XS_RM, path, strlen(path) + 1, NULL, 0, NULL, 0);

	return rc < 0 ? rc : 0;
}

long xs_directory(const char *path, char *buf, size_t size)
{
	long rc = xs_talk(XS_DIRECTORY, path, strlen(path) + 1, NULL, 0, buf, size);
	long i, n = 0;

	if (rc < 0)
		return rc;
	for (i = 0; i < rc; i++)
		n += !buf[i];
	return n;
}

/* "path\0token\0" into buf: its length, or -E2BIG. */
static long watch_payload(char *buf, size_t size, const char *path, const char *token)
{
	size_t p = strlen(path) + 1, t = strlen(token) + 1;

	if (p + t > size)
		return -E2BIG;
	memcpy(buf, path, p);
	memcpy(buf + p, token, t);
	return p + t;
}

long xs_watch(const char *path, const char *token)
{
	char buf[XENBUS_PATH_MAX + 16];
	long len = watch_payload(buf, sizeof(buf), path, token);

	if (len < 0)
		return len;
	len = xs_talk(XS_WATCH, buf, len, NULL, 0, NULL, 0);
	return len < 0 ? len : 0;
}

long xs_unwatch(const char *path, const char *token)
{
	char buf[XENBUS_PATH_MAX + 16];
	long len = watch_payload(buf, sizeof(buf), path, token);
	unsigned int i, kept = 0;

	if (len < 0)
		return len;
	len = xs_talk(XS_UNWATCH, buf, len, NULL, 0, NULL, 0);
	/* Drop what the watch left queued. */
	for (i = 0; i < watch_count; i++) {
		unsigned int from = (watch_head + i) % WATCH_QUEUE;
		unsigned int to = (watch_head + kept) % WATCH_QUEUE;

		if (strcmp(watch_queue[from].token, token))
			watch_queue[to] = watch_queue[from], kept++;
	}
	watch_count = kept;
	return len < 0 ? len : 0;
}

/* Take the oldest queued event of token, if any. */
static bool take_watch(const char *token, char *path, size_t size)
{
	unsigned int i, j;

	for (i = 0; i < watch_count; i++) {
		unsigned int slot = (watch_head + i) % WATCH_QUEUE;

		if (strcmp(watch_queue[slot].token, token))
			continue;
		if (path)
			strlcpy(path, watch_queue[slot].path, size);
		for (j = i; j + 1 < watch_count; j++)
			watch_queue[(watch_head + j) % WATCH_QUEUE] =
				watch_queue[(watch_head + j + 1) % WATCH_QUEUE];
		watch_count--;
		return true;
	}
	return false;
}

/* Messages already in rsp[] while no request is outstanding: watch events. */
static long drain_events(uint64_t deadline)
{
	struct xsd_sockmsg hdr;

	while (__atomic_load_n(&intf->rsp_prod, __ATOMIC_ACQUIRE) != intf->rsp_cons) {
		long rc = read_message(&hdr, deadline);

		if (rc)
			return rc;
	}
	return 0;
}

long xs_wait_watch(const char *token, char *path, size_t size, uint64_t deadline_ns)
{
	long rc = xs_init();

	if (rc)
		return rc;
	for (;;) {
		if (take_watch(token, path, size))
			return 0;
		if (xen_system_time() >= deadline_ns)
			return -ETIMEDOUT;
		if (__atomic_load_n(&intf->rsp_prod, __ATOMIC_ACQUIRE) == intf->rsp_cons) {
			xen_wait_port(store_port, xen_system_time() + 10 * NSEC_PER_MSEC);
			continue;
		}
		rc = drain_events(deadline_ns);
		if (rc)
			return rc;
	}
}

const char *xenbus_strstate(XenbusState state)
{
	static const char *const names[] = {
		"Unknown", "Initialising", "InitWait", "Initialised", "Connected",
		"Closing", "Closed", "Reconfiguring", "Reconfigured",
	};

	return (unsigned int)state < ARRAY_SIZE(names) ? names[state] : "invalid";
}

static void dev_path(struct xenbus_device *dev, bool other, const char *node, char *buf,
		     size_t size)
{
	snprintf(buf, size, "%s/%s", other ? dev->otherend : dev->nodename, node);
}

long xenbus_printf(struct xenbus_device *dev, const char *node, const char *fmt, ...)
{
	char path[XENBUS_PATH_MAX + 32], value[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	dev_path(dev, false, node, path, sizeof(path));
	return xs_write(path, value);
}

long xenbus_switch_state(struct xenbus_device *dev, XenbusState state)
{
	return xenbus_printf(dev, "state", "%d", state);
}

unsigned long xenbus_read_otherend_ulong(struct xenbus_device *dev, const char *node,
					 unsigned long dflt)
{
	char path[XENBUS_PATH_MAX + 32];
	unsigned long v;

	dev_path(dev, true, node, path, sizeof(path));
	return xs_read_ulong(path, &v) ? dflt : v;
}

XenbusState xenbus_read_otherend_state(struct xenbus_device *dev)
{
	return xenbus_read_otherend_ulong(dev, "state", XenbusStateUnknown);
}

long xenbus_wait_otherend(struct xenbus_device *dev, unsigned int state_mask,
			  uint64_t deadline_ns)
{
	XenbusState s;

	for (;;) {
		s = xenbus_read_otherend_state(dev);
		if (state_mask & (1U << s))
			return s;
		if (xs_wait_watch(dev->token, NULL, 0, deadline_ns))
			return -ETIMEDOUT;
	}
}

/* The device's directory, once the toolstack has written its backend. */
static long wait_for_device(struct xenbus_device *dev, uint64_t deadline_ns)
{
	char path[XENBUS_PATH_MAX + 32];
	unsigned long id;
	long rc;

	dev_path(dev, false, "backend", path, sizeof(path));
	for (;;) {
		rc = xs_read(path, dev->otherend, sizeof(dev->otherend));
		if (rc > 0)
			break;
		if (rc != -ENOENT || xen_system_time() >= deadline_ns)
			return rc ? rc : -EINVAL;
		timer_wait(~0UL, xen_system_time() + 100 * NSEC_PER_MSEC);
	}
	dev_path(dev, false, "backend-id", path, sizeof(path));
	rc = xs_read_ulong(path, &id);
	if (rc)
		return rc;
	if (id >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	dev->otherend_id = id;
	return 0;
}

long xenbus_first_index(const char *type, unsigned int *index, uint64_t deadline_ns)
{
	char path[XENBUS_PATH_MAX], names[256];
	const char *end;
	long n;

	snprintf(path, sizeof(path), "device/%s", type);
	for (;;) {
		n = xs_directory(path, names, sizeof(names));
		if (n > 0)
			break;
		if ((n < 0 && n != -ENOENT) || xen_system_time() >= deadline_ns)
			return n < 0 ? n : -ENOENT;
		timer_wait(~0UL, xen_system_time() + 100 * NSEC_PER_MSEC);
	}
	*index = simple_strtoull(names, &end, 10, NULL);
	return *end ? -EINVAL : 0;	/* a device id is a number */
}

long xenbus_probe(struct xenbus_device *dev, const char *type, unsigned int index,
		  uint64_t deadline_ns)
{
	char path[XENBUS_PATH_MAX + 32];
	long rc;

	memset(dev, 0, sizeof(*dev));
	snprintf(dev->nodename, sizeof(dev->nodename), "device/%s/%u", type, index);
	snprintf(dev->token, sizeof(dev->token), "%.8s%u", type, index);
	rc = wait_for_device(dev, deadline_ns);
	if (rc)
		return rc;
	dev_path(dev, true, "state", path, sizeof(path));
	rc = xs_watch(path, dev->token);
	if (rc)
		return rc;
	dev->watching = true;
	return xenbus_switch_state(dev, XenbusStateInitialising);
}

long xenbus_close(struct xenbus_device *dev, uint64_t deadline_ns)
{
	char path[XENBUS_PATH_MAX + 32];
	long rc = xenbus_switch_state(dev, XenbusStateClosing);

	if (!rc && xenbus_wait_otherend(dev, 1U << XenbusStateClosing | 1U << XenbusStateClosed |
					1U << XenbusStateUnknown, deadline_ns) < 0)
		rc = -ETIMEDOUT;
	if (!rc)
		rc = xenbus_switch_state(dev, XenbusStateClosed);
	if (dev->watching) {
		dev_path(dev, true, "state", path, sizeof(path));
		xs_unwatch(path, dev->token);
		dev->watching = false;
	}
	return rc;
}
