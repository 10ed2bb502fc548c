/*
 * kernel-xen's entry and its Xen ELF notes.
 *
 * The domain builder enters at _start (the ENTRY note) in guest kernel
 * mode, with the initial page tables loaded, %rsi/%esi pointing at
 * start_info and events masked.
 */
#include <asm/config.h>
#include <generated/version.h>
#include <public/elfnote.h>

#ifdef CONFIG_X86_PAE
#define PAE_MODE_STRING "yes"
#else
#define PAE_MODE_STRING "no"
#endif

#ifdef CONFIG_X86_64
#define ADDR	.quad
#else
#define ADDR	.long
#endif

/* One note: name "Xen", the type, and its descriptor. */
#define ELFNOTE(type, desctype, descdata...)			\
	.pushsection .note.Xen, "a", @note;			\
	.balign 4;						\
	.long	2f - 1f;		/* namesz */		\
	.long	4484f - 3f;		/* descsz */		\
	.long	type;						\
1:	.asciz	"Xen";						\
2:	.balign 4;						\
3:	desctype descdata;					\
4484:	.balign 4;						\
	.popsection

	ELFNOTE(XEN_ELFNOTE_GUEST_OS, .asciz, "kernel-xen")
	ELFNOTE(XEN_ELFNOTE_GUEST_VERSION, .asciz, XEN_FULLVERSION)
	ELFNOTE(XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0")
	ELFNOTE(XEN_ELFNOTE_LOADER, .asciz, "generic")
	ELFNOTE(XEN_ELFNOTE_VIRT_BASE, ADDR, KERNEL_VIRT_BASE)
	ELFNOTE(XEN_ELFNOTE_PADDR_OFFSET, ADDR, 0)
	ELFNOTE(XEN_ELFNOTE_ENTRY, ADDR, _start)
	ELFNOTE(XEN_ELFNOTE_HYPERCALL_PAGE, ADDR, hypercall_page)
	ELFNOTE(XEN_ELFNOTE_FEATURES, .asciz, "!writable_page_tables|pae_pgdir_above_4gb")
#ifdef CONFIG_X86_32
	ELFNOTE(XEN_ELFNOTE_PAE_MODE, .asciz, PAE_MODE_STRING)
#endif

	.section .text.head, "ax", @progbits
	.globl	_start
_start:
#ifdef CONFIG_X86_64
	movq	$boot_stack + KERNEL_STACK_SIZE, %rsp
	movq	%rsi, %rdi
	call	start_kernel
#else
	movl	$boot_stack + KERNEL_STACK_SIZE, %esp
	pushl	%esi
	call	start_kernel
#endif
	ud2

	/* Filled in by the domain builder. */
	.balign 4096
	.globl	hypercall_page
hypercall_page:
	.skip	4096

	.section .bss.page_aligned, "aw", @nobits
	.balign 4096
boot_stack:
	.skip	KERNEL_STACK_SIZE
