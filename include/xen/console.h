/*
 * The hypervisor console: printk() goes to a ring buffer that keeps the
 * boot log (for the future "xm dmesg") and to every output driver that
 * registered (serial, VGA).
 */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <lib/types.h>

struct console_driver {
	const char *name;
	void (*puts)(const char *s, size_t len);	/* must not sleep */
	struct console_driver *next;
};

void console_register(struct console_driver *drv);

/* Outputs that console= can select. */
#define CONSOLE_COM1	(1u << 0)
#define CONSOLE_VGA	(1u << 1)

/* Did console= ask for this output? (default: com1 only) */
bool console_wants(unsigned int output);

/* Copy up to size bytes of the ring, oldest first; returns the count. */
size_t console_ring_read(char *buf, size_t size);

/*
 * The ring by 32-bit free-running index (sysctl readconsole): [*cons,
 * *prod) is what is kept and not cleared; copy up to size bytes from pos
 * (0 if they were overwritten); clear forgets what is before pos.
 */
void console_ring_span(u32 *cons, u32 *prod);
size_t console_ring_copy(u32 pos, char *buf, size_t size);
void console_ring_clear(u32 pos);

/* Register the outputs console= asked for (serial, VGA). */
void console_init_outputs(void);

/* Once interrupts work: console input (the serial receive interrupt). */
void console_init_postirq(void);

/*
 * A character typed on the console: a debug key (<xen/keyhandler.h>), or
 * domain 0's input once console_switch_to_dom0(d) ran (each raises d's
 * VIRQ_CONSOLE); CTRL-a three times toggles between the two.
 */
struct domain;
void console_rx_char(char c);
void console_switch_to_dom0(struct domain *d);
/* Tell d input waits: its VIRQ_CONSOLE (console_io.c, ports with PV guests). */
void console_input_notify(struct domain *d);

/*
 * Domain 0's buffered input (CONSOLEIO_read): copy up to size bytes
 * without taking them, then take n of them.  One reader at a time.
 */
size_t console_rx_peek(char *buf, size_t size);
void console_rx_consume(size_t n);

#endif /* XEN_CONSOLE_H */
