/*
 * x86_32 descriptor tables and register dumps: each CPU's reserved GDT
 * page and TSS, the double fault as a task gate to a TSS of its own (its
 * own stack and a fresh register set, whatever state the faulting task
 * was in), and the 32-bit register dump.
 *
 * Locking: a CPU writes only its own GDT page and TSSs, before it takes
 * interrupts.
 */
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/cpumask.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/symbols.h>
#include <xen/version.h>

struct desc_struct gdt_reserved[NR_CPUS][GDT_RESERVED_ENTRIES] __aligned(4096);
static struct tss_struct init_tss[NR_CPUS] __aligned(128);
static struct tss_struct doublefault_tss[NR_CPUS] __aligned(128);

extern const char double_fault_task[];

/*
 * A flat page-granular segment.  The guest ones (rings 1 and 3) end with
 * the read-only M2P, as Xen 3.0's (its GUEST_SEGMENT_MAX_ADDR): ring 1 is
 * supervisor to the MMU, so the segment limit is what keeps the guest
 * kernel out of the rest of the hypervisor's range.
 */
static void set_flat_desc(struct desc_struct *d, unsigned int dpl, bool code,
			  unsigned long limit_pages)
{
	d->a = limit_pages & 0xffff;
	d->b = (limit_pages & 0xf0000) | 0x00c09100 | (dpl << 13) |
	       (code ? 0xa00 : 0x200);
}

#define GUEST_LIMIT_PAGES	((MACH2PHYS_VIRT_END >> 12) - 1)

/* The reserved-page slot of a GDT entry number. */
#define RES(gdt, entry)		(&(gdt)[(entry) - FIRST_RESERVED_GDT_ENTRY])

void set_gate(unsigned int vec, unsigned int type, unsigned int dpl,
	      unsigned int ist, unsigned long addr)
{
	idt_entry_t *e = &idt_table[vec];

	e->a = (addr & 0xffff) | ((u32)__HYPERVISOR_CS << 16);
	e->b = (addr & 0xffff0000) | 0x8000 | (dpl << 13) | (type << 8);
}

void __init subarch_traps_init(void)
{
	idt_entry_t *e = &idt_table[TRAP_double_fault];

	e->a = (DOUBLEFAULT_TSS_ENTRY << 3) << 16;
	e->b = 0x8000 | (SYS_DESC_task_gate << 8);
	/* int3 and into from any ring, as on x86_64: a guest's are bounced to it. */
	set_gate(TRAP_int3, SYS_DESC_irq_gate, 3, 0, entry_stubs[TRAP_int3]);
	set_gate(TRAP_overflow, SYS_DESC_irq_gate, 3, 0, entry_stubs[TRAP_overflow]);
}

static void set_tss_desc(struct desc_struct *d, unsigned long base, u32 limit)
{
	d->a = (limit & 0xffff) | ((base & 0xffff) << 16);
	d->b = ((base >> 16) & 0xff) | (SYS_DESC_tss_avail << 8) | 0x8000 |
	       (limit & 0xf0000) | (base & 0xff000000);
}

void load_system_tables(unsigned int cpu)
{
	struct desc_struct *gdt = gdt_reserved[cpu];
	struct tss_struct *tss = &init_tss[cpu], *df = &doublefault_tss[cpu];
	unsigned long stack = stack_block(current_stack_pointer());
	struct desc_ptr gdtr = {
		.limit = FIRST_RESERVED_GDT_BYTE + sizeof(gdt_reserved[0]) - 1,
		.base = (unsigned long)gdt - FIRST_RESERVED_GDT_BYTE,
	};

	memset(gdt, 0, sizeof(gdt_reserved[0]));
	set_flat_desc(RES(gdt, __HYPERVISOR_CS >> 3), 0, true, 0xfffff);
	set_flat_desc(RES(gdt, __HYPERVISOR_DS >> 3), 0, false, 0xfffff);
	set_flat_desc(RES(gdt, FLAT_RING1_CS >> 3), 1, true, GUEST_LIMIT_PAGES);
	set_flat_desc(RES(gdt, FLAT_RING1_DS >> 3), 1, false, GUEST_LIMIT_PAGES);
	set_flat_desc(RES(gdt, FLAT_RING3_CS >> 3), 3, true, GUEST_LIMIT_PAGES);
	set_flat_desc(RES(gdt, FLAT_RING3_DS >> 3), 3, false, GUEST_LIMIT_PAGES);

	memset(tss, 0, sizeof(*tss));
	/* Room above a guest's frame for its data segments (entry.S). */
	tss->esp0 = stack + STACK_SIZE - CPU_INFO_SIZE - 4 * sizeof(unsigned long);
	tss->ss0 = __HYPERVISOR_DS;
	tss->bitmap = sizeof(*tss);	/* beyond the limit: no I/O bitmap */
	set_tss_desc(RES(gdt, TSS_ENTRY), (unsigned long)tss, sizeof(*tss) - 1);

	/*
	 * The double-fault task starts afresh on the bottom page of this
	 * CPU's stack block (so smp_processor_id() still works there), with
	 * the page tables in use now: they must keep mapping the hypervisor.
	 */
	memset(df, 0, sizeof(*df));
	df->esp = df->esp0 = stack + DF_STACK_OFFSET;
	df->ss = df->ss0 = df->ds = df->es = __HYPERVISOR_DS;
	df->cs = __HYPERVISOR_CS;
	df->eip = (unsigned long)double_fault_task;
	df->eflags = 2;		/* interrupts off */
	df->cr3 = read_cr3();
	df->bitmap = sizeof(*df);
	set_tss_desc(RES(gdt, DOUBLEFAULT_TSS_ENTRY), (unsigned long)df, sizeof(*df) - 1);

	lgdt(&gdtr);
	asm volatile("ljmp %0, $1f\n1:" :: "i"(__HYPERVISOR_CS) : "memory");
	asm volatile("mov %0, %%ds\n\t"
		     "mov %0, %%es\n\t"
		     "mov %0, %%ss\n\t"
		     "mov %1, %%fs\n\t"
		     "mov %1, %%gs"
		     :: "r"(__HYPERVISOR_DS), "r"(0) : "memory");
	ltr(TSS_ENTRY << 3);
	lldt(0);
	pv_percpu_init();
}

static unsigned int read_sreg(unsigned int which)
{
	unsigned int v = 0;

	switch (which) {
	case 0: asm volatile("mov %%ds, %0" : "=r"(v)); break;
	case 1: asm volatile("mov %%es, %0" : "=r"(v)); break;
	case 2: asm volatile("mov %%fs, %0" : "=r"(v)); break;
	case 3: asm volatile("mov %%gs, %0" : "=r"(v)); break;
	}
	return v & 0xffff;
}

static void show_header(const char *ipname, unsigned long cs, unsigned long ip,
			unsigned long flags, bool guest)
{
	char sym[KSYM_NAME_LEN];

	snprint_symbol(sym, sizeof(sym), ip);
	printk("----[ Xen-%s  %s  %s ]----\n", xen_version_string(),
	       xen_port_name(), IS_ENABLED(CONFIG_DEBUG) ? "debug=y" : "debug=n");
	printk("CPU:    %u\n", smp_processor_id());
	printk("%s:    %04lx:[<%08lx>] %s\n", ipname, cs, ip, sym);
	printk("EFLAGS: %08lx   CONTEXT: %s\n", flags, guest ? "guest" : "hypervisor");
}

void show_registers(const struct trap_frame *r)
{
	show_header("EIP", r->cs, r->eip, r->eflags, guest_mode(r));
	printk("eax: %08lx   ebx: %08lx   ecx: %08lx   edx: %08lx\n",
	       r->eax, r->ebx, r->ecx, r->edx);
	printk("esi: %08lx   edi: %08lx   ebp: %08lx   esp: %08lx\n",
	       r->esi, r->edi, r->ebp, regs_sp(r));
	printk("cr0: %08lx   cr4: %08lx   cr3: %08lx   cr2: %08lx\n",
	       read_cr0(), read_cr4(), read_cr3(), read_cr2());
	printk("ds: %04x   es: %04x   fs: %04x   gs: %04x   ss: %04lx   cs: %04lx\n",
	       read_sreg(0), read_sreg(1), read_sreg(2), read_sreg(3),
	       guest_mode(r) ? r->ss : (unsigned long)__HYPERVISOR_DS, r->cs);
}

/*
 * Entered through the double-fault task: the state of the task that
 * faulted was saved in this CPU's main TSS by the task switch.
 */
void do_double_fault(void)
{
	const struct tss_struct *t = &init_tss[smp_processor_id()];

	printk(XENLOG_ERR "*** DOUBLE FAULT ***\n");
	show_header("EIP", t->cs, t->eip, t->eflags, t->cs & 3);
	printk("eax: %08x   ebx: %08x   ecx: %08x   edx: %08x\n",
	       t->eax, t->ebx, t->ecx, t->edx);
	printk("esi: %08x   edi: %08x   ebp: %08x   esp: %08x\n",
	       t->esi, t->edi, t->ebp, t->esp);
	printk("cr0: %08lx   cr4: %08lx   cr3: %08lx   cr2: %08lx\n",
	       read_cr0(), read_cr4(), read_cr3(), read_cr2());
	printk("ds: %04x   es: %04x   fs: %04x   gs: %04x   ss: %04x   cs: %04x\n",
	       t->ds, t->es, t->fs, t->gs, t->ss, t->cs);
	show_stack_trace(t->esp, t->eip);
	panic("DOUBLE FAULT -- system shutdown");
}

/*
 * A fault while delivering a fault: mark the #GP gate not present and
 * load a selector beyond the GDT limit; the #GP cannot be delivered
 * (segment not present), and two contributory faults make a double fault.
 */
void arch_crashtest_double_fault(void)
{
	idt_table[TRAP_gp_fault].b &= ~0x8000u;
	asm volatile("mov %0, %%fs" :: "r"(0xfff8) : "memory");
	for (;;)
		;
}
