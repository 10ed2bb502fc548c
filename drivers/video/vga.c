/*
 * VGA text-mode console (80x25, colour text buffer at 0xB8000), for
 * console=vga.  Scrolls; no cursor updates, no input.
 */
#include <asm/vga.h>
#include <xen/console.h>
#include <xen/lib.h>
#include <xen/video.h>

#define VGA_COLS	80
#define VGA_ROWS	25
#define VGA_ATTR	0x0700	/* light grey on black */

static u16 *vga_text;
static unsigned int col, row;

static void vga_scroll(void)
{
	unsigned int i;

	memmove(vga_text, vga_text + VGA_COLS, (VGA_ROWS - 1) * VGA_COLS * 2);
	for (i = 0; i < VGA_COLS; i++)
		vga_text[(VGA_ROWS - 1) * VGA_COLS + i] = VGA_ATTR | ' ';
	row = VGA_ROWS - 1;
}

static void vga_putc(char c)
{
	if (c == '\n' || col == VGA_COLS) {
		col = 0;
		if (++row == VGA_ROWS)
			vga_scroll();
		if (c == '\n')
			return;
	}
	vga_text[row * VGA_COLS + col++] = VGA_ATTR | (u8)c;
}

static void vga_puts(const char *s, size_t len)
{
	while (len--)
		vga_putc(*s++);
}

static struct console_driver vga_console = {
	.name = "vga",
	.puts = vga_puts,
};

void vga_init(void)
{
	unsigned int i;

	vga_text = arch_vga_text_buffer();
	if (!vga_text)
		return;
	for (i = 0; i < VGA_COLS * VGA_ROWS; i++)
		vga_text[i] = VGA_ATTR | ' ';
	console_register(&vga_console);
}
