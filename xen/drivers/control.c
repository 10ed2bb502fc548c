/*
 * The toolstack's requests to the domain (kernel/control.h), as Linux's
 * drivers/xen/manage.c serves them: a watch on control/shutdown, whose
 * value "poweroff", "halt", "reboot", "crash" or "suspend" we take (the
 * node written back empty, the toolstack's sign that we did) and act on.
 * A suspend is a save or a migration: we suspend, and after the resume
 * (a new domain, or the same one when the save failed) the store's new
 * channel is taken from start_info and the watch registered again,
 * since a new domain's xenstored has never heard of it.
 */
#include <kernel/control.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/suspend.h>
#include <kernel/time.h>
#include <kernel/xenbus.h>
#include <lib/string.h>
#include <lib/vsprintf.h>
#include <public/sched.h>

#define CONTROL_TOKEN	"control"

static const struct {
	const char *request;
	unsigned int reason;
} shutdowns[] = {
	{ "poweroff", SHUTDOWN_poweroff },
	{ "halt", SHUTDOWN_poweroff },
	{ "reboot", SHUTDOWN_reboot },
	{ "crash", SHUTDOWN_crash },
};

/* Tell the toolstack which requests we take, as Linux does. */
static long control_advertise(void)
{
	static const char *const features[] = { "poweroff", "reboot", "suspend" };
	char path[48];
	unsigned int i;
	long rc;

	for (i = 0; i < ARRAY_SIZE(features); i++) {
		snprintf(path, sizeof(path), "control/feature-%s", features[i]);
		rc = xs_write(path, "1");
		if (rc)
			return rc;
	}
	return xs_watch("control/shutdown", CONTROL_TOKEN);
}

static void control_suspend(void)
{
	long rc;

	printk("kernel-xen: suspending (control/shutdown)\n");
	rc = xen_suspend();
	xs_resume();
	printk("kernel-xen: resumed (%s)\n", rc == 0 ? "a new domain" :
	       rc == 1 ? "suspend cancelled" : "suspend refused");
	/* The same domain's store still has our watch: -EEXIST is no error. */
	rc = control_advertise();
	if (rc && rc != -EEXIST)
		printk("kernel-xen: control/shutdown not watched again (%ld)\n", rc);
}

/* Take one request (if the node holds one) and act on it. */
static void control_take(void)
{
	char req[16];
	unsigned int i;
	long rc = xs_read("control/shutdown", req, sizeof(req));

	if (rc <= 0)
		return;			/* gone, or empty: nothing asked */
	rc = xs_write("control/shutdown", "");
	if (rc) {
		printk("kernel-xen: control/shutdown=%s not acknowledged (%ld)\n", req, rc);
		return;
	}
	if (!strcmp(req, "suspend")) {
		control_suspend();
		return;
	}
	for (i = 0; i < ARRAY_SIZE(shutdowns); i++)
		if (!strcmp(req, shutdowns[i].request)) {
			printk("kernel-xen: %s (control/shutdown)\n", req);
			kernel_shutdown(shutdowns[i].reason);
		}
	printk("kernel-xen: control/shutdown=%s: not a request we know\n", req);
}

long control_serve(void)
{
	long rc = xs_init();

	if (!rc)
		rc = control_advertise();
	if (rc)
		return rc;
	printk("kernel-xen: serving control/shutdown\n");
	for (;;) {
		/* No deadline worth the name: a request may come in a year. */
		rc = xs_wait_watch(CONTROL_TOKEN, NULL, 0, ~0ULL);
		if (rc)
			continue;	/* the store did not answer: wait again */
		control_take();
	}
}
