/*
 * The hypervisor's console backend for unprivileged domains: it drains
 * the out[] half of a domain's xencons_interface ring whenever the domain
 * notifies its console port, and prints the text line by line with the
 * domain's name in front.
 *
 * The ring is in the domain's memory and the domain writes it at any
 * time: the indices are read once per drain, a producer more than a ring
 * ahead is treated as having overwritten the oldest text (only the last
 * ring's worth is read), and no byte of the ring is trusted to end a
 * string.  Input (in[]) is not served: the serial line belongs to domain
 * 0.
 *
 * Locking: a drain runs in the domain's own EVTCHNOP_send, and each
 * console has its own lock for the vCPUs of one domain that send at
 * once.
 */
#include <lib/string.h>
#include <lib/types.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/domain_page.h>
#include <xen/guest_console.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include <public/io/console.h>

#define LINE_MAX_CHARS	160	/* longer lines are printed in pieces */

struct guest_console {
	spinlock_t lock;
	struct xencons_interface *ring;
	char line[LINE_MAX_CHARS + 1];
	unsigned int len;
};

static void flush_line(struct domain *d, struct guest_console *c)
{
	c->line[c->len] = '\0';
	printk("(%s) %s\n", d->name[0] ? d->name : "domU", c->line);
	c->len = 0;
}

/* Printable text and tabs as they are; other control characters dropped. */
static void put_char(struct domain *d, struct guest_console *c, char ch)
{
	if (ch == '\n') {
		flush_line(d, c);
		return;
	}
	if ((ch < ' ' && ch != '\t') || ch == 0x7f)
		return;
	c->line[c->len++] = ch;
	if (c->len == LINE_MAX_CHARS)
		flush_line(d, c);
}

static void guest_console_notify(struct domain *d)
{
	struct guest_console *c = d->console;
	struct xencons_interface *r;
	XENCONS_RING_IDX cons, prod;
	unsigned long flags;

	if (!c)
		return;
	spin_lock_irqsave(&c->lock, flags);
	r = c->ring;
	cons = READ_ONCE(r->out_cons);
	prod = READ_ONCE(r->out_prod);
	smp_rmb();	/* the text before the index that says it is there */
	if (prod - cons > sizeof(r->out))
		cons = prod - sizeof(r->out);
	for (; cons != prod; cons++)
		put_char(d, c, READ_ONCE(r->out[MASK_XENCONS_IDX(cons, r->out)]));
	smp_mb();	/* read the text before giving its room back */
	WRITE_ONCE(r->out_cons, cons);
	spin_unlock_irqrestore(&c->lock, flags);
}

long guest_console_init(struct domain *d, unsigned long ring_mfn)
{
	struct guest_console *c = xzalloc(struct guest_console);
	long port;

	if (!c)
		return -ENOMEM;
	spin_lock_init(&c->lock);
	c->ring = map_domain_page_global(ring_mfn);
	if (!c->ring) {
		xfree(c);
		return -ENOMEM;
	}
	port = evtchn_alloc_xen_port(d, 0, guest_console_notify);
	if (port < 0) {
		unmap_domain_page_global(c->ring);
		xfree(c);
		return port;
	}
	d->console = c;
	return port;
}

void guest_console_destroy(struct domain *d)
{
	struct guest_console *c = d->console;

	if (!c)
		return;
	if (c->len)
		flush_line(d, c);
	d->console = NULL;
	unmap_domain_page_global(c->ring);
	xfree(c);
}
