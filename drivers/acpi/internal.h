/* Shared between the files of drivers/acpi/ only. */
#ifndef DRIVERS_ACPI_INTERNAL_H
#define DRIVERS_ACPI_INTERNAL_H

/* Read the FADT's power-off and reset registers and the DSDT's \_S5. */
int acpi_power_init(void);

#endif
