/* spin=<ms>[,all][,keep]: CPU-bound spinning that reports its share (kernel/spin.c). */
#ifndef KERNEL_SPIN_H
#define KERNEL_SPIN_H

/* Spin as arg ("<ms>[,all][,keep]") says and print the figures. */
void spin_run(const char *arg);

#endif /* KERNEL_SPIN_H */
