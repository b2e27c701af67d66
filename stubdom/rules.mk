# The guest kernel: libminios.a plus an application, linked at VIRT_BASE.

MINIOS_SRCS := $(wildcard stubdom/mini-os/*.c stubdom/mini-os/lib/*.c stubdom/mini-os/net/*.c)
MINIOS_HEAD := $(BUILD)/guest/stubdom/mini-os/arch/x86/head.o
MINIOS_LDS  := stubdom/mini-os/arch/x86/kernel.lds
MINIOS_LIB  := $(BUILD)/lib/libminios.a

$(MINIOS_LIB): $(call guest_objs,$(MINIOS_SRCS))
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

# $(call minios_kernel,output,objects)
define minios_kernel
$(1): $(2) $(MINIOS_HEAD) $(MINIOS_LIB) $(MINIOS_LDS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(GUEST_LDFLAGS) -T $(MINIOS_LDS) -o $$@ $(MINIOS_HEAD) $(2) $(MINIOS_LIB)
endef

$(eval $(call minios_kernel,$(DIST)/boot/mini-os,$(call guest_objs,stubdom/hello/main.c)))

ALL_TARGETS += $(DIST)/boot/mini-os

# The disk demo (config/examples/disk-*.cfg): a note written, read back.
$(eval $(call minios_kernel,$(DIST)/boot/mini-os-disk,$(call guest_objs,stubdom/diskdemo/main.c)))
ALL_TARGETS += $(DIST)/boot/mini-os-disk
# The web server guest of config/examples/web.cfg and the network tests.
$(eval $(call minios_kernel,$(DIST)/boot/webserver,$(call guest_objs,stubdom/webserver/main.c)))
ALL_TARGETS += $(DIST)/boot/webserver
