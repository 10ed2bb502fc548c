/*
 * x86_64 descriptor tables and register dumps: each CPU's reserved GDT
 * page and TSS, the double fault and NMI on their own stacks through the
 * TSS's interrupt stack table, and the 64-bit register dump.
 *
 * Locking: a CPU writes only its own GDT page and TSS, before it takes
 * interrupts.
 */
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/cpumask.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/symbols.h>
#include <xen/version.h>

/* entry.S: int $0x80 from a PV guest. */
extern const char pv_int80_entry[];

struct desc_struct gdt_reserved[NR_CPUS][GDT_RESERVED_ENTRIES] __aligned(4096);
static struct tss_struct init_tss[NR_CPUS] __aligned(128);

/* The flat segments, as Xen lays them out from selector 0xe000. */
static const u64 gdt_template[] = {
	0x0000000000000000,	/* 0xe000 unused */
	0x00af9b000000ffff,	/* 0xe008 ring 0 code, 64-bit */
	0x00cf93000000ffff,	/* 0xe010 ring 0 data */
	0x00cf9b000000ffff,	/* 0xe018 ring 0 code, compatibility */
	0x00cffb000000ffff,	/* 0xe023 ring 3 code, compatibility */
	0x00cff3000000ffff,	/* 0xe02b ring 3 data */
	0x00affb000000ffff,	/* 0xe033 ring 3 code, 64-bit */
	0x0000000000000000,	/* 0xe038 unused */
};

void set_gate(unsigned int vec, unsigned int type, unsigned int dpl,
	      unsigned int ist, unsigned long addr)
{
	idt_entry_t *e = &idt_table[vec];

	e->a = (addr & 0xffff) | ((u64)__HYPERVISOR_CS << 16) | ((u64)ist << 32) |
	       ((u64)(0x80 | (dpl << 5) | type) << 40) |
	       ((u64)((addr >> 16) & 0xffff) << 48);
	e->b = addr >> 32;
}

void __init subarch_traps_init(void)
{
	set_gate(TRAP_double_fault, SYS_DESC_irq_gate, 0, IST_DF,
		 entry_stubs[TRAP_double_fault]);
	set_gate(TRAP_nmi, SYS_DESC_irq_gate, 0, IST_NMI, entry_stubs[TRAP_nmi]);
	/* int3 and into reach a PV guest's handlers directly (pv/traps.c). */
	set_gate(TRAP_int3, SYS_DESC_irq_gate, 3, 0, entry_stubs[TRAP_int3]);
	set_gate(TRAP_overflow, SYS_DESC_irq_gate, 3, 0, entry_stubs[TRAP_overflow]);
	/* And int $0x80, without a #GP to decode (pv_do_int80()). */
	set_gate(LEGACY_SYSCALL_VECTOR, SYS_DESC_irq_gate, 3, 0, (unsigned long)pv_int80_entry);
}

/* A 16-byte system descriptor (TSS or LDT) at two GDT entries. */
static void set_system_desc(struct desc_struct *d, unsigned int type,
			    unsigned long base, u32 limit)
{
	d[0].a = (limit & 0xffff) | ((base & 0xffff) << 16);
	d[0].b = ((base >> 16) & 0xff) | (type << 8) | 0x8000 |
		 (limit & 0xf0000) | (base & 0xff000000);
	d[1].a = base >> 32;
	d[1].b = 0;
}

void load_system_tables(unsigned int cpu)
{
	struct desc_struct *gdt = gdt_reserved[cpu];
	struct tss_struct *tss = &init_tss[cpu];
	unsigned long stack = stack_block(current_stack_pointer());
	struct desc_ptr gdtr = {
		.limit = FIRST_RESERVED_GDT_BYTE + sizeof(gdt_reserved[0]) - 1,
		.base = (unsigned long)gdt - FIRST_RESERVED_GDT_BYTE,
	};

	memcpy(gdt, gdt_template, sizeof(gdt_template));
	memset(tss, 0, sizeof(*tss));
	tss->rsp0 = stack + STACK_SIZE - CPU_INFO_SIZE;
	tss->ist[IST_DF - 1] = stack + DF_STACK_OFFSET;
	tss->ist[IST_NMI - 1] = stack + NMI_STACK_OFFSET;
	tss->bitmap = sizeof(*tss);	/* beyond the limit: no I/O bitmap */
	set_system_desc(&gdt[TSS_ENTRY - FIRST_RESERVED_GDT_ENTRY],
			SYS_DESC_tss_avail, (unsigned long)tss, sizeof(*tss) - 1);

	lgdt(&gdtr);
	asm volatile("pushq %[cs]\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:"
		     :: [cs] "i"(__HYPERVISOR_CS) : "rax", "memory");
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

void show_registers(const struct trap_frame *r)
{
	char sym[KSYM_NAME_LEN];

	snprint_symbol(sym, sizeof(sym), r->rip);
	printk("----[ Xen-%s  %s  %s ]----\n", xen_version_string(),
	       xen_port_name(), IS_ENABLED(CONFIG_DEBUG) ? "debug=y" : "debug=n");
	printk("CPU:    %u\n", smp_processor_id());
	printk("RIP:    %04lx:[<%016lx>] %s\n", (unsigned long)r->cs, (unsigned long)r->rip, sym);
	printk("RFLAGS: %016lx   CONTEXT: %s\n", (unsigned long)r->rflags,
	       guest_mode(r) ? "guest" : "hypervisor");
	printk("rax: %016lx   rbx: %016lx   rcx: %016lx\n",
	       (unsigned long)r->rax, (unsigned long)r->rbx, (unsigned long)r->rcx);
	printk("rdx: %016lx   rsi: %016lx   rdi: %016lx\n",
	       (unsigned long)r->rdx, (unsigned long)r->rsi, (unsigned long)r->rdi);
	printk("rbp: %016lx   rsp: %016lx   r8:  %016lx\n",
	       (unsigned long)r->rbp, (unsigned long)r->rsp, (unsigned long)r->r8);
	printk("r9:  %016lx   r10: %016lx   r11: %016lx\n",
	       (unsigned long)r->r9, (unsigned long)r->r10, (unsigned long)r->r11);
	printk("r12: %016lx   r13: %016lx   r14: %016lx\n",
	       (unsigned long)r->r12, (unsigned long)r->r13, (unsigned long)r->r14);
	printk("r15: %016lx   cr0: %016lx   cr4: %016lx\n",
	       (unsigned long)r->r15, read_cr0(), read_cr4());
	printk("cr3: %016lx   cr2: %016lx\n", read_cr3(), read_cr2());
	printk("ds: %04x   es: %04x   fs: %04x   gs: %04x   ss: %04lx   cs: %04lx\n",
	       read_sreg(0), read_sreg(1), read_sreg(2), read_sreg(3),
	       (unsigned long)r->ss, (unsigned long)r->cs);
}

/*
 * A stack overflow: the page fault cannot be delivered on the same
 * stack, so the CPU raises a double fault, which runs on its IST stack.
 */
void arch_crashtest_double_fault(void)
{
	asm volatile("movabsq %0, %%rsp\n\t"
		     "pushq $0"
		     :: "i"(TEST_UNMAPPED_VA + 0x1000) : "memory");
	for (;;)
		;
}
