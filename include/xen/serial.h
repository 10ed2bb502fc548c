/* Serial console drivers (drivers/char/). */
#ifndef XEN_SERIAL_H
#define XEN_SERIAL_H

/* Program COM1 from Kconfig and com1=, and register it on the console. */
void ns16550_init(void);

/* Take COM1's receive interrupt, for console input (debug keys). */
void ns16550_init_postirq(void);

#endif /* XEN_SERIAL_H */
