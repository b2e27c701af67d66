# xenabi-guest (tests/xenabi): a kernel built on Xen's public headers
# alone, no mini-os, its notes only in a SHT_NOTE section (its own link
# map), booted by tests/integration/xenabi-guest.sh.
XENABI_OBJS := $(call guest_objs,tests/xenabi/head.S tests/xenabi/main.c)

$(DIST)/boot/xenabi-guest: $(XENABI_OBJS) tests/xenabi/kernel.lds
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_LDFLAGS) -T tests/xenabi/kernel.lds -o $@.tmp $(XENABI_OBJS) -lgcc
	@if readelf -Wl $@.tmp | grep -qw NOTE; then echo "$@: has a PT_NOTE header" >&2; rm -f $@.tmp; exit 1; fi
	mv $@.tmp $@

CHECK_TARGETS += $(DIST)/boot/xenabi-guest
