# Shared rules for one selftest directory: TEST_GEN_PROGS are built from
# <prog>.c plus <prog>-srcs (real hypervisor sources compiled for the host).
OUTPUT ?= $(CURDIR)/
SRCTREE := $(abspath $(CURDIR)/../../../..)
CC ?= cc
TEST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-I$(CURDIR)/.. $(CFLAGS)

progs := $(addprefix $(OUTPUT),$(TEST_GEN_PROGS))

all: $(progs)

list:
	@echo $(TEST_GEN_PROGS)

.SECONDEXPANSION:
$(progs): $(OUTPUT)%: %.c $$(%-srcs) ../kselftest.h ../kselftest_harness.h
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $($*-cflags) -o $@ $< $($*-srcs) $($*-ldlibs)

clean:
	rm -f $(progs)

.PHONY: all list clean
