/*
 * The toolstack's control requests (xen/drivers/control.c): what a guest
 * that stays up does when asked to power off, reboot, crash or suspend
 * through the store's control/shutdown node (xm shutdown, reboot, save,
 * migrate).
 */
#ifndef KERNEL_CONTROL_H
#define KERNEL_CONTROL_H

/*
 * Serve control/shutdown until a request ends the domain; returns only
 * if there is no store to serve (-ENODEV: domain 0, a boot-time domain)
 * or it refused the watch (-errno).
 */
long control_serve(void);

#endif /* KERNEL_CONTROL_H */
