/*
 * The hypervisor console.
 *
 * printk() formats into the console ring, which keeps the most recent
 * CONSOLE_RING_SIZE bytes of log for later reading, and hands the text to
 * every registered output driver.  A message whose log level is above
 * loglvl= goes to the ring only.
 *
 * Locking: none yet; the boot CPU is the only one printing.  SMP bring-up
 * adds the console lock here and nowhere else.
 */
#include <xen/atomic.h>
#include <xen/console.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/serial.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/video.h>

#define CONSOLE_RING_SIZE	(16 * 1024)

static char console_ring[CONSOLE_RING_SIZE];
static size_t ring_prod;	/* bytes ever written; index = prod % size */

static struct console_driver *drivers;

/* console=com1[,vga]|vga|none: which outputs to drive. */
static unsigned int console_outputs = CONSOLE_COM1;

static int parse_console(const char *s)
{
	unsigned int outputs = 0;

	while (*s) {
		size_t len = strcspn(s, ",");

		if (len == 4 && !strncmp(s, "com1", 4))
			outputs |= CONSOLE_COM1;
		else if (len == 3 && !strncmp(s, "vga", 3))
			outputs |= CONSOLE_VGA;
		else if (len != 4 || strncmp(s, "none", 4))
			return -1;
		s += len;
		if (*s == ',')
			s++;
	}
	console_outputs = outputs;
	return 0;
}
custom_param("console", parse_console);

bool console_wants(unsigned int output)
{
	return console_outputs & output;
}

/* loglvl=<n>|all|none: print messages of level <= n ("<n>" prefix). */
static unsigned int loglvl_threshold = 4;

static int parse_loglvl(const char *s)
{
	unsigned long long level;
	const char *end;

	if (!strcmp(s, "all"))
		level = 9;
	else if (!strcmp(s, "none"))
		level = 0;
	else {
		level = simple_strtoull(s, &end, 10, NULL);
		if (*end || end == s || level > 9)
			return -1;
	}
	loglvl_threshold = level;	/* only a valid value changes anything */
	return 0;
}
custom_param("loglvl", parse_loglvl);

/*
 * A driver that registers late (the serial port is programmed only after
 * the command line is parsed) is first given what the ring already holds,
 * so that no early message is lost.
 */
void console_register(struct console_driver *drv)
{
	char buf[256];
	size_t avail = ring_prod < CONSOLE_RING_SIZE ? ring_prod : CONSOLE_RING_SIZE;
	size_t pos;

	for (pos = ring_prod - avail; pos < ring_prod; ) {
		size_t n = 0;

		while (n < sizeof(buf) && pos < ring_prod)
			buf[n++] = console_ring[pos++ % CONSOLE_RING_SIZE];
		drv->puts(buf, n);
	}
	drv->next = drivers;
	drivers = drv;
}

void console_init_outputs(void)
{
	if (IS_ENABLED(CONFIG_NS16550) && console_wants(CONSOLE_COM1))
		ns16550_init();
	if (IS_ENABLED(CONFIG_VGA_CONSOLE) && console_wants(CONSOLE_VGA))
		vga_init();
}

void console_init_postirq(void)
{
	if (IS_ENABLED(CONFIG_NS16550) && console_wants(CONSOLE_COM1))
		ns16550_init_postirq();
}

/*
 * Serial input: the hypervisor's debug keys, or domain 0 once it runs
 * (console_switch_to_dom0()).  CTRL-a three times toggles between them,
 * with Xen 4.17's messages; other CTRL-a's are passed on.  Domain 0's
 * input waits in a small ring until CONSOLEIO_read takes it, and each
 * character raises domain 0's VIRQ_CONSOLE, as Xen; what does not fit is
 * dropped.  One producer (the serial interrupt) and one
 * consumer (console_io read): prod and cons each have one writer.
 */
#define SWITCH_CODE		('a' - 'a' + 1)
#define SERIAL_RX_SIZE		128

static char serial_rx_ring[SERIAL_RX_SIZE];
static unsigned int serial_rx_prod, serial_rx_cons;
static bool rx_to_dom0;
static struct domain *input_domain;	/* domain 0, once it runs */

static void switch_serial_input(void)
{
	rx_to_dom0 = !rx_to_dom0;
	printk("*** Serial input to %s (type 'CTRL-a' three times to switch input)\n",
	       rx_to_dom0 ? "DOM0" : "Xen");
}

void console_switch_to_dom0(struct domain *d)
{
	input_domain = d;
	if (!rx_to_dom0)
		switch_serial_input();
}

static void serial_rx(char c)
{
	unsigned int prod = serial_rx_prod;

	if (!rx_to_dom0) {
		handle_keypress((unsigned char)c);
		return;
	}
	if (prod - READ_ONCE(serial_rx_cons) == SERIAL_RX_SIZE)
		return;
	serial_rx_ring[prod % SERIAL_RX_SIZE] = c;
	smp_wmb();
	WRITE_ONCE(serial_rx_prod, prod + 1);
	/* Linux's hvc0 in domain 0 reads when VIRQ_CONSOLE says input waits. */
	if (IS_ENABLED(CONFIG_PV_GUESTS) && input_domain)
		console_input_notify(input_domain);
}

void console_rx_char(char c)
{
	static unsigned int switch_count;

	if (input_domain && c == SWITCH_CODE) {
		if (++switch_count == 3) {
			switch_serial_input();
			switch_count = 0;
		}
		return;
	}
	for (; switch_count; switch_count--)
		serial_rx(SWITCH_CODE);
	serial_rx(c);
}

size_t console_rx_peek(char *buf, size_t size)
{
	unsigned int cons = serial_rx_cons, avail = READ_ONCE(serial_rx_prod) - cons;
	size_t i;

	smp_rmb();
	if (size > avail)
		size = avail;
	for (i = 0; i < size; i++)
		buf[i] = serial_rx_ring[(cons + i) % SERIAL_RX_SIZE];
	return size;
}

void console_rx_consume(size_t n)
{
	smp_mb();
	WRITE_ONCE(serial_rx_cons, serial_rx_cons + (unsigned int)n);
}

static void ring_write(const char *s, size_t len)
{
	while (len--)
		console_ring[ring_prod++ % CONSOLE_RING_SIZE] = *s++;
}

size_t console_ring_read(char *buf, size_t size)
{
	size_t avail = ring_prod < CONSOLE_RING_SIZE ? ring_prod : CONSOLE_RING_SIZE;
	size_t start = ring_prod - avail, i;

	if (size > avail)
		size = avail;
	for (i = 0; i < size; i++)
		buf[i] = console_ring[(start + i) % CONSOLE_RING_SIZE];
	return size;
}

/*
 * sysctl readconsole sees the ring through 32-bit free-running indices,
 * as Xen's: [cons, prod) is what it may read, cons being the oldest byte
 * kept and not cleared (ring_cons).
 */
static size_t ring_cons;

void console_ring_span(u32 *cons, u32 *prod)
{
	size_t p = READ_ONCE(ring_prod), c = READ_ONCE(ring_cons);

	if (p - c > CONSOLE_RING_SIZE)
		c = p - CONSOLE_RING_SIZE;
	*cons = (u32)c;
	*prod = (u32)p;
}

size_t console_ring_copy(u32 pos, char *buf, size_t size)
{
	u32 prod = (u32)READ_ONCE(ring_prod);
	size_t i;

	if (prod - pos > CONSOLE_RING_SIZE)
		return 0;		/* overwritten */
	if (size > prod - pos)
		size = prod - pos;
	for (i = 0; i < size; i++)
		buf[i] = console_ring[(pos + i) % CONSOLE_RING_SIZE];
	/* Written over while we copied: none of it can be trusted. */
	if ((u32)READ_ONCE(ring_prod) - pos > CONSOLE_RING_SIZE)
		return 0;
	return size;
}

void console_ring_clear(u32 pos)
{
	size_t p = READ_ONCE(ring_prod);

	WRITE_ONCE(ring_cons, p - (u32)((u32)p - pos));
}

static void drivers_write(const char *s, size_t len)
{
	struct console_driver *d;

	for (d = drivers; d; d = d->next)
		d->puts(s, len);
}

/* Split off a "<n>" level prefix; messages without one are level 4. */
static const char *strip_level(const char *s, unsigned int *level)
{
	*level = 4;
	if (s[0] == '<' && s[1] >= '0' && s[1] <= '9' && s[2] == '>') {
		*level = s[1] - '0';
		s += 3;
	}
	return s;
}

/*
 * One message at a time, whole, from any CPU: the format buffer, the ring
 * and the drivers are the lock's.  A CPU that faults while it holds the
 * lock (a printk from the trap handler) goes on without it rather than
 * wait for itself, and panic() takes the console by force.
 */
static DEFINE_SPINLOCK(console_lock);
static unsigned int console_owner = NR_CPUS;

static bool console_lock_irqsave(unsigned long *flags)
{
	unsigned int cpu = smp_processor_id();

	if (READ_ONCE(console_owner) == cpu)
		return false;
	spin_lock_irqsave(&console_lock, *flags);
	WRITE_ONCE(console_owner, cpu);
	return true;
}

static void console_unlock_irqrestore(bool locked, unsigned long flags)
{
	if (!locked)
		return;
	WRITE_ONCE(console_owner, NR_CPUS);
	spin_unlock_irqrestore(&console_lock, flags);
}

static void console_force_unlock(void)
{
	WRITE_ONCE(console_owner, NR_CPUS);
	spin_lock_init(&console_lock);
}

int vprintk(const char *fmt, va_list args)
{
	static char buf[1024];
	unsigned long flags = 0;
	unsigned int level;
	const char *text;
	bool locked = console_lock_irqsave(&flags);
	int n;

	n = vsnprintf(buf, sizeof(buf), fmt, args);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	text = strip_level(buf, &level);
	n -= text - buf;
	ring_write(text, n);
	if (level <= loglvl_threshold)
		drivers_write(text, n);
	console_unlock_irqrestore(locked, flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list args;

	console_force_unlock();
	printk(XENLOG_ERR "\n****************************************\n");
	printk(XENLOG_ERR "Panic: ");
	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
	printk(XENLOG_ERR "\n****************************************\n");
	machine_restart();
}
