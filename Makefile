# The top-level Makefile: one .config builds the hypervisor (xen-syms,
# xen, xen.gz), the paravirtualized guest kernel (vmlinuz-xen) and the
# tools.  Written in the idiom of Linux's kbuild; see Documentation/build.rst.

VERSION = 0
PATCHLEVEL = 1
SUBLEVEL = 0
EXTRAVERSION =
XENVERSION = $(VERSION).$(PATCHLEVEL).$(SUBLEVEL)$(EXTRAVERSION)

# No built-in rules or variables: everything is spelt out below.
MAKEFLAGS += -rR --no-print-directory

# V=1 shows full command lines, V=0 (default) one short line each.
ifeq ("$(origin V)", "command line")
  KBUILD_VERBOSE = $(V)
endif
ifndef KBUILD_VERBOSE
  KBUILD_VERBOSE = 0
endif
ifeq ($(KBUILD_VERBOSE),1)
  quiet =
  Q =
else
  quiet = quiet_
  Q = @
endif
ifneq ($(findstring s,$(filter-out --%,$(firstword -$(MAKEFLAGS)))),)
  quiet = silent_
endif
export quiet Q KBUILD_VERBOSE

# C=1 runs sparse on the C files being recompiled, C=2 on all of them.
ifeq ("$(origin C)", "command line")
  KBUILD_CHECKSRC = $(C)
endif
ifndef KBUILD_CHECKSRC
  KBUILD_CHECKSRC = 0
endif

# W=1 adds the extra warnings (any digit combination is accepted).
ifeq ("$(origin W)", "command line")
  KBUILD_EXTRA_WARN := $(W)
endif
export KBUILD_CHECKSRC KBUILD_EXTRA_WARN

# O=dir puts every output, .config included, in dir.
ifeq ("$(origin O)", "command line")
  KBUILD_OUTPUT := $(O)
endif

PHONY := _all

# A command that fails leaves no half-written target behind.
.DELETE_ON_ERROR:
_all:

ifeq ($(KBUILD_SRC),)
ifneq ($(KBUILD_OUTPUT),)
saved-output := $(KBUILD_OUTPUT)
KBUILD_OUTPUT := $(shell mkdir -p $(KBUILD_OUTPUT) && cd $(KBUILD_OUTPUT) && pwd)
$(if $(KBUILD_OUTPUT),, \
     $(error failed to create output directory "$(saved-output)"))
# O= naming the source tree itself is an in-tree build.
ifeq ($(KBUILD_OUTPUT),$(CURDIR))
KBUILD_OUTPUT :=
endif
endif
ifneq ($(KBUILD_OUTPUT),)

PHONY += $(MAKECMDGOALS) sub-make
$(filter-out _all sub-make $(CURDIR)/Makefile, $(MAKECMDGOALS)) _all: sub-make
	@:

sub-make:
	$(Q)$(MAKE) -C $(KBUILD_OUTPUT) KBUILD_SRC=$(CURDIR) \
	-f $(CURDIR)/Makefile $(filter-out _all sub-make,$(MAKECMDGOALS))

skip-makefile := 1
endif
endif

ifeq ($(skip-makefile),)

srctree := $(if $(KBUILD_SRC),$(KBUILD_SRC),$(CURDIR))
objtree := $(CURDIR)

# Linux's rule, and its message: an O= build over a source tree that has
# a build of its own is refused at once.  Kconfig would take the stale
# in-tree auto.conf for the previous values, and the in-tree generated
# headers would shadow the output tree's.
ifneq ($(KBUILD_SRC),)
ifneq ($(filter-out help kernelversion,$(or $(MAKECMDGOALS),all)),)
ifneq ($(wildcard $(srctree)/.config $(srctree)/include/config $(srctree)/include/generated),)
$(info ***)
$(info *** The source tree is not clean, please run 'make mrproper')
$(info *** in $(srctree))
$(info ***)
$(error the source tree has its own build)
endif
endif
endif
VPATH := $(srctree)
export srctree objtree VPATH XENVERSION

KCONFIG_CONFIG ?= .config
export KCONFIG_CONFIG

include $(srctree)/scripts/Kbuild.include

# ---------------------------------------------------------------------------
# The port.  ARCH= wins; else a <port>_defconfig goal names its directory;
# else the .config says; else the build machine's architecture.

config-file-arch = $(strip \
	$(if $(shell grep -s '^CONFIG_IA64=y' $(KCONFIG_CONFIG)),ia64, \
	$(if $(shell grep -s '^CONFIG_X86=y' $(KCONFIG_CONFIG)),x86)))
defconfig-goal-arch = $(firstword $(foreach g,$(filter %_defconfig,$(MAKECMDGOALS)), \
	$(patsubst $(srctree)/arch/%/configs/$(g),%, \
	$(wildcard $(srctree)/arch/*/configs/$(g)))))

ifneq ($(ARCH),)
  SRCARCH := $(ARCH)
  SRCARCH := $(patsubst i386,x86,$(SRCARCH))
  SRCARCH := $(patsubst x86_64,x86,$(SRCARCH))
else
  SRCARCH := $(or $(defconfig-goal-arch),$(config-file-arch),x86)
endif
ifeq ($(wildcard $(srctree)/arch/$(SRCARCH)/Makefile),)
  $(error ARCH=$(ARCH): no such port; the ports are: \
	$(notdir $(patsubst %/Makefile,%,$(wildcard $(srctree)/arch/*/Makefile))))
endif
export SRCARCH

# IA64 builds with the cross compiler that scripts/build-ia64-cross.sh
# leaves in the per-machine cache (or one on PATH).
ifeq ($(SRCARCH),ia64)
  ia64-cross-bin := $(shell $(srctree)/scripts/build-ia64-cross.sh --print-prefix)/bin
  ifeq ($(strip $(CROSS_COMPILE)),)
    CROSS_COMPILE := $(if $(wildcard $(ia64-cross-bin)/ia64-linux-gnu-gcc),$(ia64-cross-bin)/)ia64-linux-gnu-
  endif
endif

CC		= $(CROSS_COMPILE)gcc
LD		= $(CROSS_COMPILE)ld
AR		= $(CROSS_COMPILE)ar
NM		= $(CROSS_COMPILE)nm
OBJCOPY		= $(CROSS_COMPILE)objcopy
OBJDUMP		= $(CROSS_COMPILE)objdump
STRIP		= $(CROSS_COMPILE)strip
HOSTCC		= gcc
HOSTCFLAGS	= -std=gnu11 -O2 -g -Wall -Wextra -Werror
CHECK		= sparse
CHECKFLAGS	= -D__CHECKER__ -Wbitwise -Wno-return-void -Wsparse-error $(CF)
KGZIP		= gzip
INSTALL		= install
PYTHON3		= /usr/bin/python3
export CROSS_COMPILE CC LD AR NM OBJCOPY OBJDUMP STRIP HOSTCC HOSTCFLAGS
export CHECK CHECKFLAGS KGZIP INSTALL PYTHON3

# Flags every freestanding image (hypervisor and guest kernel) shares.
# The port's Makefile adds its own; each image adds its include paths.
KBUILD_CPPFLAGS := -nostdinc -isystem $(shell $(CC) -print-file-name=include 2>/dev/null) \
	-include $(objtree)/include/generated/autoconf.h
KBUILD_CFLAGS := -std=gnu11 -ffreestanding -fno-common -fno-strict-aliasing \
	-fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-delete-null-pointer-checks -fno-pie -Wall -Wstrict-prototypes \
	-Wno-address-of-packed-member -Wvla -Werror -O2 \
	--param=min-pagesize=0
KBUILD_AFLAGS := -D__ASSEMBLY__
KBUILD_LDFLAGS := -nostdlib -z noexecstack --no-warn-rwx-segments
ifeq ($(KBUILD_EXTRA_WARN),)
else
KBUILD_CFLAGS += -Wextra -Wunused -Wno-unused-parameter -Wno-sign-compare \
	-Wmissing-declarations -Wmissing-prototypes -Wold-style-definition \
	-Wmissing-include-dirs -Wno-missing-field-initializers
endif
export KBUILD_CPPFLAGS KBUILD_CFLAGS KBUILD_AFLAGS KBUILD_LDFLAGS

# ---------------------------------------------------------------------------
# Configuration targets: they run Kconfig and need no auto.conf.

KCONF	= kconfig-conf
MCONF	= kconfig-mconf
NCONF	= kconfig-nconf
kconfig-missing = $(if $(shell command -v $(KCONF)),,\
	$(error $(KCONF) not found: apt-get install --no-install-recommends kconfig-frontends))

config-targets := 0
mixed-targets := 0
dot-config := 1
no-dot-config-targets := clean mrproper distclean help check qemu bench soak fuzz check-image kernelversion \
	kselftest cross-ia64 %docs

ifneq ($(filter $(no-dot-config-targets), $(MAKECMDGOALS)),)
  ifeq ($(filter-out $(no-dot-config-targets), $(MAKECMDGOALS)),)
    dot-config := 0
  endif
endif
ifneq ($(filter config %config,$(MAKECMDGOALS)),)
  config-targets := 1
  ifneq ($(words $(MAKECMDGOALS)),1)
    mixed-targets := 1
  endif
endif

ifeq ($(mixed-targets),1)
# "make x86_64_defconfig all": one goal at a time, in order.
PHONY += $(MAKECMDGOALS) __build_one_by_one
$(filter-out __build_one_by_one, $(MAKECMDGOALS)): __build_one_by_one
	@:
__build_one_by_one:
	$(Q)set -e; for i in $(MAKECMDGOALS); do \
		$(MAKE) -f $(srctree)/Makefile $$i; done

else ifeq ($(config-targets),1)

# The output tree gets a Makefile that forwards to the source tree (a
# dirty source tree was refused above).
outputmakefile:
ifneq ($(KBUILD_SRC),)
	$(Q)$(srctree)/scripts/mkmakefile $(srctree) $(objtree)
endif

conf-prereqs := outputmakefile
PHONY += outputmakefile config oldconfig olddefconfig defconfig savedefconfig \
	allyesconfig allnoconfig alldefconfig randconfig listnewconfig \
	menuconfig nconfig

config oldconfig olddefconfig allyesconfig allnoconfig alldefconfig \
randconfig listnewconfig: $(conf-prereqs)
	$(kconfig-missing)
	$(Q)$(KCONF) --$(if $(filter config,$@),oldaskconfig,$@) Kconfig

defconfig: $(conf-prereqs)
	$(kconfig-missing)
	$(Q)$(KCONF) --defconfig=$(srctree)/arch/$(SRCARCH)/configs/$(if \
		$(filter x86,$(SRCARCH)),x86_64,$(SRCARCH))_defconfig Kconfig

%_defconfig: $(conf-prereqs)
	$(kconfig-missing)
	$(Q)test -f $(srctree)/arch/$(SRCARCH)/configs/$@ || \
		{ echo >&2 "*** No such defconfig: $@ (see make help)"; false; }
	$(Q)$(KCONF) --defconfig=$(srctree)/arch/$(SRCARCH)/configs/$@ Kconfig

savedefconfig: $(conf-prereqs)
	$(kconfig-missing)
	$(Q)$(KCONF) --savedefconfig=defconfig Kconfig

menuconfig: $(conf-prereqs)
	$(kconfig-missing)
	$(Q)$(MCONF) Kconfig

nconfig: $(conf-prereqs)
	$(kconfig-missing)
	$(Q)$(NCONF) Kconfig

else

# ---------------------------------------------------------------------------
# Build targets.

ifeq ($(dot-config),1)
-include include/config/auto.conf
# auto.conf.cmd makes auto.conf depend on every Kconfig file.
-include include/config/auto.conf.cmd

$(KCONFIG_CONFIG) include/config/auto.conf.cmd: ;

# Regenerate auto.conf, autoconf.h and the per-symbol files that fixdep
# makes objects depend on, whenever .config or a Kconfig file changed.
include/config/%.conf: $(KCONFIG_CONFIG) include/config/auto.conf.cmd
	$(Q)test -f $(KCONFIG_CONFIG) || { \
		echo >&2 "***"; \
		echo >&2 "*** Configuration file \"$(KCONFIG_CONFIG)\" not found!"; \
		echo >&2 "*** Please run a configurator, e.g. \"make menuconfig\""; \
		echo >&2 "*** or \"make x86_64_defconfig\" (see make help)."; \
		echo >&2 "***"; false; }
	$(kconfig-missing)
	$(Q)mkdir -p include/config include/generated
	$(Q)$(KCONF) --silentoldconfig Kconfig
endif

# The images this configuration builds, each a target of its own.
images-y := xen.gz
images-$(CONFIG_KERNEL_XEN) += vmlinuz-xen
images-$(CONFIG_TOOLS) += tools

PHONY += all
_all: all
all: $(images-y)

# Code that runs inside the hypervisor; arch/$(SRCARCH)/Makefile adds
# its own directory and the head objects, and defines the link.
hv-dirs := common/ drivers/ lib/
guest-dirs := xen/

# Hypervisor include paths: the public ABI, hypervisor headers and the
# port's headers as <asm/...>.
HV_CPPFLAGS := -D__XEN__ -I$(srctree)/include -I$(objtree)/include \
	-I$(objtree)/include/generated/hv
# kernel-xen's: its own xen/include/, and include/generated/guest/, which
# holds <public/...>, <lib/...>, <generated/version.h> and its port's
# <asm/...> (see prepare).  Never the hypervisor's include/xen/ or
# include/asm-<arch>/: the guest is a separate image.
GUEST_CPPFLAGS := -D__KERNEL_XEN__ -I$(srctree)/xen/include \
	-I$(objtree)/include/generated/guest
export HV_CPPFLAGS GUEST_CPPFLAGS

# A compiler that is not there stops the build before it starts, with
# the way to get it.
ifeq ($(dot-config)$(shell command -v $(CC) 2>/dev/null),1)
  ifeq ($(SRCARCH),ia64)
    $(error $(CC) not found: Debian has no ia64 compiler; "make cross-ia64" \
	builds one into $(patsubst %/bin,%,$(ia64-cross-bin)) (about 17 minutes), \
	or set CROSS_COMPILE= to another)
  else
    $(error $(CC) not found: install it (for x86: apt-get install gcc; \
	the 32-bit ports use it with -m32), or set CROSS_COMPILE=)
  endif
endif

include $(srctree)/arch/$(SRCARCH)/Makefile
# kernel-xen's flags and linker script, when it has this port.
-include $(srctree)/xen/arch/$(SRCARCH)/Makefile

ifeq ($(CONFIG_DEBUG_INFO),y)
KBUILD_CFLAGS += -g
KBUILD_AFLAGS += -g
endif

# <asm/...> is include/asm-<arch>/ for the hypervisor and
# xen/arch/<arch>/include/asm/ for the guest kernel, whose include
# directory also links the headers the two images share.
PHONY += prepare
prepare: include/config/auto.conf scripts/basic/fixdep
	$(Q)mkdir -p include/generated/hv include/generated/guest/generated
	$(Q)ln -sfn $(srctree)/include/asm-$(SRCARCH) include/generated/hv/asm
	$(Q)ln -sfn $(srctree)/xen/arch/$(SRCARCH)/include/asm include/generated/guest/asm
	$(Q)ln -sfn $(srctree)/include/public include/generated/guest/public
	$(Q)ln -sfn $(srctree)/include/lib include/generated/guest/lib
	$(Q)ln -sfn ../../version.h include/generated/guest/generated/version.h
	$(Q)$(srctree)/scripts/mkversion $(XENVERSION) \
		include/generated/version.h

scripts/basic/fixdep: $(srctree)/scripts/basic/fixdep.c
	$(Q)mkdir -p $(dir $@)
	$(call cmd,host_fixdep)
quiet_cmd_host_fixdep = HOSTCC  $@
      cmd_host_fixdep = $(HOSTCC) $(HOSTCFLAGS) -o $@ $<

# Descend: each image's directories, with the image's flags.
build-hv = $(Q)$(MAKE) -f $(srctree)/scripts/Makefile.build \
	KBUILD_IMAGE_CPPFLAGS="$(HV_CPPFLAGS)" KBUILD_IMAGE_CFLAGS="$(HV_CFLAGS)" obj=$(1)
build-guest = $(Q)$(MAKE) -f $(srctree)/scripts/Makefile.build \
	KBUILD_IMAGE_CPPFLAGS="$(GUEST_CPPFLAGS)" KBUILD_IMAGE_CFLAGS="$(GUEST_CFLAGS)" obj=$(1)

hv-archives := $(patsubst %/,%/built-in.a,$(hv-dirs))
guest-archives := $(patsubst %/,%/built-in.a,$(guest-dirs))

hv-descend := $(addprefix descend-hv/,$(patsubst %/,%,$(hv-dirs)))
guest-descend := $(addprefix descend-guest/,$(patsubst %/,%,$(guest-dirs)))
PHONY += $(hv-descend) $(guest-descend)
$(hv-descend): prepare
	+$(call build-hv,$(patsubst descend-hv/%,%,$@))

$(guest-descend): prepare
	+$(call build-guest,$(patsubst descend-guest/%,%,$@))

$(hv-archives): $(hv-descend) ;
$(guest-archives): $(guest-descend) ;

# xen-syms: the linked hypervisor with its symbols.  The port's Makefile
# sets HV_LDS (the linker script) and HV_LDFLAGS.
quiet_cmd_cpp_lds = LDS     $@
      cmd_cpp_lds = mkdir -p $(dir $@) && $(CC) -E -P -C -x c $(KBUILD_CPPFLAGS) $(HV_CPPFLAGS) \
		    $(KBUILD_AFLAGS) -MD -MP -MF $(dir $@).$(notdir $@).d -o $@ $<

$(HV_LDS): $(srctree)/$(HV_LDS).S prepare FORCE
	$(call if_changed,cpp_lds)

#
# The image carries its own symbol table (common/symbols.c), for the names
# in crash reports.  As Linux does for kallsyms: link with an empty table,
# generate the table from that image, link again with it, and check that
# the final image's table is the one it carries.  The table lists text
# symbols only and sits after .text, so its size cannot move what it lists.
# --build-id: the GNU build id note that XENVER_build_id reports.
hv-link = $(LD) $(KBUILD_LDFLAGS) $(HV_LDFLAGS) --build-id=sha1 -T $(HV_LDS) -o $(1) \
	  --whole-archive $(hv-archives) --no-whole-archive $(2)
hv-symbols-as = $(CC) $(KBUILD_AFLAGS) $(HV_CFLAGS) -c -o $(1).o $(1).S
hv-symbols-of = $(NM) -n $(1) | $(PYTHON3) $(srctree)/scripts/gensymbols.py

quiet_cmd_link_xen = LD      $@
      cmd_link_xen = $(PYTHON3) $(srctree)/scripts/gensymbols.py </dev/null \
			> .$@.0.S && $(call hv-symbols-as,.$@.0) && \
		     $(call hv-link,.$@.0,.$@.0.o) && \
		     $(call hv-symbols-of,.$@.0) > .$@.1.S && \
		     $(call hv-symbols-as,.$@.1) && \
		     $(call hv-link,$@,.$@.1.o) && \
		     $(call hv-symbols-of,$@) > .$@.2.S && \
		     { cmp -s .$@.1.S .$@.2.S || { rm -f $@; \
			echo >&2 "$@: symbol table changed by the relink"; false; }; }

xen-syms: $(HV_LDS) $(hv-archives) FORCE
	$(call if_changed,link_xen)

# xen.gz is for boot loaders (GRUB decompresses it); QEMU's -kernel cannot
# decompress, and takes xen-syms itself.
quiet_cmd_strip_image = STRIP   $@
      cmd_strip_image = $(STRIP) -o $@ $<

quiet_cmd_gzip_image = GZIP    $@
      cmd_gzip_image = $(STRIP) -o $@.tmp $< && $(KGZIP) -n -9 -c $@.tmp > $@ \
		       && rm -f $@.tmp

xen.gz: xen-syms FORCE
	$(call if_changed,gzip_image)

# vmlinuz-xen: the guest kernel, an ELF image with its Xen notes; the
# unstripped vmlinux-xen keeps the symbols.
quiet_cmd_link_guest = LD      $@
      cmd_link_guest = $(LD) $(KBUILD_LDFLAGS) $(GUEST_LDFLAGS) -T $(GUEST_LDS) \
		       -o $@ --whole-archive $(guest-archives) --no-whole-archive

quiet_cmd_cpp_guest_lds = LDS     $@
      cmd_cpp_guest_lds = mkdir -p $(dir $@) && $(CC) -E -P -C -x c $(KBUILD_CPPFLAGS) $(GUEST_CPPFLAGS) \
		    $(KBUILD_AFLAGS) -MD -MP -MF $(dir $@).$(notdir $@).d -o $@ $<

$(GUEST_LDS): $(srctree)/$(GUEST_LDS).S prepare FORCE
	$(call if_changed,cpp_guest_lds)

vmlinux-xen: $(GUEST_LDS) $(guest-archives) FORCE
	$(call if_changed,link_guest)

vmlinuz-xen: vmlinux-xen FORCE
	$(call if_changed,strip_image)

# The tools: ordinary programs for the port's architecture (the arch
# Makefile's TOOLS_ARCH_CFLAGS), built by their own Makefiles into tools/
# of the output tree.  Missing libraries of that architecture stop the
# build at once, naming their packages; tools/.tools-cc records the
# compiler, and another one rebuilds the tools from scratch.
TOOLS_CC = $(HOSTCC) $(TOOLS_ARCH_CFLAGS)
PHONY += tools
tools: prepare tools/.tools-cc
	$(Q)$(MAKE) -C $(srctree)/tools OUTPUT=$(objtree)/tools/ HOSTCC="$(TOOLS_CC)" all

tools/.tools-cc: FORCE
	$(Q)if [ "$$(cat $@ 2>/dev/null)" != "$(TOOLS_CC)" ]; then \
		$(SHELL) $(srctree)/scripts/tools-libs.sh "$(TOOLS_CC)" $(DEB_ARCH) && \
		$(MAKE) -C $(srctree)/tools OUTPUT=$(objtree)/tools/ clean && \
		mkdir -p tools && echo "$(TOOLS_CC)" > $@; fi

-include $(foreach f,$(HV_LDS) $(GUEST_LDS) xen-syms xen.gz vmlinux-xen vmlinuz-xen,\
	$(dir $(f)).$(notdir $(f)).cmd $(dir $(f)).$(notdir $(f)).d)

endif # config-targets

# ---------------------------------------------------------------------------
# Installation and packages (scripts/package/).

prefix		?= /usr/local
exec_prefix	?= $(prefix)
bindir		?= $(exec_prefix)/bin
sbindir		?= $(exec_prefix)/sbin
libdir		?= $(exec_prefix)/lib
includedir	?= $(prefix)/include
sysconfdir	?= /etc
bootdir		?= /boot
# Passed on explicitly: exported, a parent's values would win over a
# child make's own prefix=.
install-dirs = prefix=$(prefix) exec_prefix=$(exec_prefix) bindir=$(bindir) \
	sbindir=$(sbindir) libdir=$(libdir) includedir=$(includedir) \
	sysconfdir=$(sysconfdir) DESTDIR=$(DESTDIR)

PHONY += install install-xen install-kernel-xen install-tools
install: install-xen $(if $(filter y,$(CONFIG_KERNEL_XEN)),install-kernel-xen) \
	$(if $(filter y,$(CONFIG_TOOLS)),install-tools)

# Names as Xen's own "make install" and Debian's Xen packages use them:
# /boot/xen-<version>.gz and its .config, the image with its symbols for
# debuggers in /usr/lib/debug/boot (as Linux's vmlinux).  No /boot/xen.gz link: GRUB's 20_linux_xen would make
# a second entry of it.  The port's GRUB settings, if it has any, go to
# /etc/default/grub.d/xen.cfg.
grub-xen-cfg := $(wildcard $(srctree)/arch/$(SRCARCH)/boot/grub-xen.cfg)
debugdir	?= $(prefix)/lib/debug
# kernel-xen is a guest kernel: it stays out of /boot, where GRUB's
# 10_linux would offer it as a kernel to boot on the bare machine.
kernelxendir	?= $(prefix)/lib/kernel-xen

install-xen: xen.gz
	$(INSTALL) -d $(DESTDIR)$(bootdir) $(DESTDIR)$(debugdir)/boot
	$(INSTALL) -m 0644 xen.gz $(DESTDIR)$(bootdir)/xen-$(XENVERSION).gz
	$(INSTALL) -m 0644 $(KCONFIG_CONFIG) $(DESTDIR)$(bootdir)/xen-$(XENVERSION).config
	$(INSTALL) -m 0644 xen-syms $(DESTDIR)$(debugdir)/boot/xen-syms-$(XENVERSION)
ifneq ($(grub-xen-cfg),)
	$(INSTALL) -D -m 0644 $(grub-xen-cfg) $(DESTDIR)$(sysconfdir)/default/grub.d/xen.cfg
endif

install-kernel-xen: vmlinuz-xen
	$(INSTALL) -d $(DESTDIR)$(kernelxendir)
	$(INSTALL) -m 0644 vmlinuz-xen $(DESTDIR)$(kernelxendir)/vmlinuz-$(XENVERSION)
	$(INSTALL) -m 0644 $(KCONFIG_CONFIG) $(DESTDIR)$(kernelxendir)/config-$(XENVERSION)
	ln -sf vmlinuz-$(XENVERSION) $(DESTDIR)$(kernelxendir)/vmlinuz

install-tools: tools
	$(Q)$(MAKE) -C $(srctree)/tools OUTPUT=$(objtree)/tools/ HOSTCC="$(TOOLS_CC)" \
		$(install-dirs) install

PHONY += deb-pkg bindeb-pkg tar-pkg
deb-pkg bindeb-pkg: all
	+$(Q)CONFIG_KERNEL_XEN=$(CONFIG_KERNEL_XEN) CONFIG_TOOLS=$(CONFIG_TOOLS) \
		$(SHELL) $(srctree)/scripts/package/mkdebian $(XENVERSION) $(DEB_ARCH)

tar-pkg: all
	$(Q)rm -rf tar-install && $(MAKE) -f $(srctree)/Makefile install \
		DESTDIR=$(objtree)/tar-install prefix=/usr
	$(Q)tar -C tar-install -cf xen-$(XENVERSION)-$(SRCARCH).tar . && \
		echo "  TAR     xen-$(XENVERSION)-$(SRCARCH).tar"

# ---------------------------------------------------------------------------
# Tests, QEMU and benchmarks (scripts/check, scripts/qemu).

PHONY += check check-image kselftest qemu bench soak cross-ia64 fuzz
check:
	$(Q)$(srctree)/scripts/check/run-all

check-image:
	$(Q)CHECK_MANIFEST=tests-image.cfg $(srctree)/scripts/check/run-all

# The long hypercall fuzzer run (>= 10^7 calls as domain 0 and as a domU);
# FUZZ_ITERS and FUZZ_SEED choose another (Documentation/dev-tools/fuzzing.rst).
fuzz:
	$(Q)FUZZ_ITERS=$${FUZZ_ITERS:-10000000} FUZZ_TIMEOUT=$${FUZZ_TIMEOUT:-36000} \
		bash $(srctree)/scripts/check/tests/hv-fuzz.sh

kselftest:
	$(Q)$(MAKE) -C $(srctree)/tools/testing/selftests \
		OUTPUT=$(objtree)/tools/testing/selftests/ run_tests

qemu:
	$(Q)$(srctree)/scripts/qemu/make-qemu

bench:
	$(Q)$(srctree)/scripts/check/bench

soak:
	$(Q)$(srctree)/scripts/check/soak

# GCC's build must not see this Makefile's environment: its exported CC,
# LD, INSTALL, VPATH and its MAKEFLAGS (-rR: no built-in rules) broke it
# twelve minutes in.  The script gets the environment of a login shell.
cross-ia64:
	$(Q)env -i PATH="$$PATH" HOME="$$HOME" TERM="$${TERM:-dumb}" \
		$${TMPDIR:+TMPDIR="$$TMPDIR"} \
		$${XEN_CROSS_CACHE:+XEN_CROSS_CACHE="$$XEN_CROSS_CACHE"} \
		$(srctree)/scripts/build-ia64-cross.sh

# ---------------------------------------------------------------------------
# Cleaning.

PHONY += clean mrproper distclean
clean:
	$(Q)find . \( -name '*.[oas]' -o -name '.*.cmd' -o -name '.*.d' \
		-o -name '*.lds' -o -name '*.gcno' -o -name 'built-in.a' \) \
		-not -path './.git/*' -type f -delete
	$(Q)rm -f xen-syms .xen-syms.* xen.gz vmlinux-xen vmlinuz-xen *.deb *.tar tools/.tools-cc
	$(Q)rm -rf tools/testing/selftests/out tar-install debian \
		$(filter-out %/,$(wildcard tools/*/build)) scripts/check/out
	$(Q)if [ -f $(srctree)/tools/Makefile ]; then \
		$(MAKE) -C $(srctree)/tools OUTPUT=$(objtree)/tools/ clean; fi

mrproper: clean
	$(Q)rm -rf include/config include/generated scripts/basic/fixdep \
		.config .config.old defconfig

distclean: mrproper
	$(Q)find . \( -name '*.orig' -o -name '*.rej' -o -name '*~' \) \
		-not -path './.git/*' -type f -delete

# ---------------------------------------------------------------------------

PHONY += kernelversion
kernelversion:
	@echo $(XENVERSION)

PHONY += help
help:
	@echo 'Configuration targets:'
	@echo '  menuconfig      - Change the configuration in a menu (ncurses)'
	@echo '  nconfig         - The same, with the nconfig front end'
	@echo '  config          - Ask every question, line by line'
	@echo '  oldconfig       - Ask only for options the .config lacks'
	@echo '  olddefconfig    - Take the default for options the .config lacks'
	@echo '  defconfig       - The default configuration of the port (ARCH=)'
	@echo '  savedefconfig   - Save the minimal configuration to ./defconfig'
	@echo '  allyesconfig    - Every option on'
	@echo '  allnoconfig     - Every option off'
	@echo '  alldefconfig    - Every option at its default'
	@echo '  randconfig      - A random configuration (KCONFIG_SEED=)'
	@echo '  listnewconfig   - List the options the .config lacks'
	@$(foreach c,$(sort $(notdir $(wildcard $(srctree)/arch/*/configs/*_defconfig))), \
		printf '  %-24s- Build for %s\n' $(c) $(c:_defconfig=);)
	@echo ''
	@echo 'Build targets:'
	@echo '  all             - Build everything the .config selects (default)'
	@echo '  xen.gz          - The hypervisor for boot loaders (xen-syms: for QEMU -kernel)'
	@echo '  vmlinuz-xen     - kernel-xen, the paravirtualized guest kernel'
	@echo '  tools           - xm, xend, the daemons and libraries (package xen-xm-tools)'
	@echo '  install         - Install into DESTDIR= prefix= (images to /boot)'
	@echo '  deb-pkg         - Debian packages xen, kernel-xen and xen-xm-tools'
	@echo '  tar-pkg         - A tarball of the installed tree'
	@echo ''
	@echo 'Tests:'
	@echo '  check           - Install what is missing, build every port, run every test'
	@echo '  check-image     - Only the Debian 12 image check of make check (debian-image)'
	@echo '  kselftest       - Run the host-side selftests only'
	@echo '  qemu            - Build and boot the system under QEMU on this terminal'
	@echo '  bench           - Run the benchmarks and print their figures'
	@echo '  soak            - 1000 create/destroy and 200 save/restore cycles in domain 0 (long)'
	@echo '  fuzz            - Run the hypercall fuzzer for 10^7 iterations (long)'
	@echo '  cross-ia64      - Build the IA64 cross compiler into the machine cache'
	@echo ''
	@echo 'Cleaning:'
	@echo '  clean           - Remove generated files, keep the configuration'
	@echo '  mrproper        - Remove all generated files and the configuration'
	@echo '  distclean       - mrproper, and editor backups and patch leftovers'
	@echo ''
	@echo '  make V=0|1      - Quiet (default) or full command lines'
	@echo '  make O=dir      - Put every output file, .config included, in dir'
	@echo '  make C=1        - Check recompiled C files with sparse (C=2: all files)'
	@echo '  make W=1        - Extra compiler warnings'
	@echo '  make ARCH=x86|ia64 CROSS_COMPILE=prefix - Choose the port and compiler'

endif # skip-makefile

PHONY += FORCE
FORCE:

.PHONY: $(PHONY)
