/* Video consoles (drivers/video/). */
#ifndef XEN_VIDEO_H
#define XEN_VIDEO_H

/* Clear the VGA text screen and register it on the console. */
void vga_init(void);

#endif /* XEN_VIDEO_H */
