/*
 * Debug keys: a key pressed on the serial console runs its handler, as in
 * Xen ('h' lists them).  Handlers run in the serial interrupt (or from
 * whoever calls handle_keypress()), with interrupts off: they print and
 * may take locks that are always taken with interrupts off, nothing else.
 *
 *	register_keyhandler('m', dump_heap_info, "dump heap info");
 */
#ifndef XEN_KEYHANDLER_H
#define XEN_KEYHANDLER_H

typedef void (*keyhandler_fn_t)(unsigned char key);

/* Install fn for key (replacing any earlier one); desc is shown by 'h'. */
void register_keyhandler(unsigned char key, keyhandler_fn_t fn, const char *desc);

/*
 * The same for a handler that takes locks taken with interrupts on: it
 * runs in KEYHANDLER_SOFTIRQ, on the CPU that took the key.
 */
void register_keyhandler_deferred(unsigned char key, keyhandler_fn_t fn,
				  const char *desc);

/* Run the handler of key, if any (a deferred one: mark it pending). */
void handle_keypress(unsigned char key);

/* Boot: the core's own keys (h, t, R, m), and 'q' where there are domains. */
void initialize_keytable(void);

/* common/dump_domains.c: register 'q' (built with CONFIG_PV_GUESTS). */
void dump_domains_init(void);

/* arch/x86/pv/audit.c: register 'o', the memory audit (CONFIG_PV_GUESTS). */
void mm_audit_init(void);

#endif /* XEN_KEYHANDLER_H */
