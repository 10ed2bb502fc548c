/*
 * 16550-compatible UART as the hypervisor's serial console (COM1).
 *
 * com1=<baud>[,8n1][,<io-port>[,<irq>]] overrides the Kconfig defaults.
 * Output is polled: the console must work before interrupts do, and in
 * a panic.
 */
#include <asm/io.h>
#include <xen/console.h>
#include <xen/irq.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/serial.h>

#define UART_CLOCK	115200	/* the 1.8432 MHz crystal divided by 16 */

/* Register offsets and bits. */
#define UART_THR	0	/* transmit holding (DLAB=0) */
#define UART_RBR	0	/* receive buffer (DLAB=0) */
#define UART_DLL	0	/* divisor latch low (DLAB=1) */
#define UART_IER	1
#define UART_DLM	1	/* divisor latch high (DLAB=1) */
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define  UART_LCR_DLAB	0x80
#define  UART_LCR_8N1	0x03
#define  UART_FCR_ENABLE_CLEAR	0x07
#define  UART_MCR_DTR_RTS	0x03
#define  UART_LSR_THRE	0x20
#define  UART_LSR_DR	0x01
#define  UART_IER_ERDAI	0x01	/* interrupt when data is received */
#define  UART_MCR_OUT2	0x08	/* gates the UART's IRQ line on PCs */

struct ns16550 {
	unsigned long io_base;
	unsigned int baud;
	unsigned int irq;
};

static struct ns16550 com1 = {
	.io_base = CONFIG_NS16550_PORT,
	.baud = CONFIG_NS16550_BAUD,
	.irq = 4,
};

static int parse_com1(const char *s)
{
	struct ns16550 cfg = com1;
	const char *end;

	cfg.baud = simple_strtoull(s, &end, 10, NULL);
	if (end == s || cfg.baud < 50 || cfg.baud > UART_CLOCK)
		return -1;
	s = end;
	if (!strncmp(s, ",8n1", 4))
		s += 4;
	if (*s == ',') {
		cfg.io_base = simple_strtoull(s + 1, &end, 0, NULL);
		if (end == s + 1 || cfg.io_base > 0xffff)
			return -1;
		s = end;
		if (*s == ',') {
			cfg.irq = simple_strtoull(s + 1, &end, 0, NULL);
			if (end == s + 1 || cfg.irq > 15)
				return -1;
			s = end;
		}
	}
	if (*s)
		return -1;
	com1 = cfg;	/* only a fully valid option changes anything */
	return 0;
}
custom_param("com1", parse_com1);

static void ns16550_putc(char c)
{
	unsigned int tries = 100000;

	/* A missing UART never sets THRE: give up rather than hang. */
	while (!(inb(com1.io_base + UART_LSR) & UART_LSR_THRE) && --tries)
		;
	outb(c, com1.io_base + UART_THR);
}

static void ns16550_puts(const char *s, size_t len)
{
	for (; len; len--, s++) {
		if (*s == '\n')
			ns16550_putc('\r');
		ns16550_putc(*s);
	}
}

static struct console_driver ns16550_console = {
	.name = "com1",
	.puts = ns16550_puts,
};

static void ns16550_interrupt(unsigned int irq, void *data)
{
	unsigned int budget = 64;

	while ((inb(com1.io_base + UART_LSR) & UART_LSR_DR) && budget--)
		console_rx_char(inb(com1.io_base + UART_RBR));
}

/* Input needs the interrupt controllers: turned on after they are up. */
void ns16550_init_postirq(void)
{
	int rc = request_irq(isa_irq_to_gsi(com1.irq), ns16550_interrupt, "com1", NULL);

	if (rc) {
		printk(XENLOG_WARNING "com1: no IRQ %u (%d): no serial input\n",
		       com1.irq, rc);
		return;
	}
	outb(UART_MCR_DTR_RTS | UART_MCR_OUT2, com1.io_base + UART_MCR);
	outb(UART_IER_ERDAI, com1.io_base + UART_IER);
}

void ns16550_init(void)
{
	unsigned int divisor = UART_CLOCK / com1.baud;

	outb(0, com1.io_base + UART_IER);
	outb(UART_LCR_DLAB, com1.io_base + UART_LCR);
	outb(divisor & 0xff, com1.io_base + UART_DLL);
	outb(divisor >> 8, com1.io_base + UART_DLM);
	outb(UART_LCR_8N1, com1.io_base + UART_LCR);
	outb(UART_FCR_ENABLE_CLEAR, com1.io_base + UART_FCR);
	outb(UART_MCR_DTR_RTS, com1.io_base + UART_MCR);
	console_register(&ns16550_console);
}
