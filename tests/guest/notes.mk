# Guest test kernels that link unlike the others, each with the linker
# script in its own directory: test-notes-section (Xen notes only in a
# SHT_NOTE section, no PT_NOTE header, as Xen's Mini-OS links) and
# test-xen-guest-section (no notes, only the legacy __xen_guest string).
# Their sources are not called main.c, so guest.mk leaves them alone; the
# link checks that the kernel really lacks what it must lack.

# $(call notes_kernel,name,readelf option,what must be absent (grep -w))
define notes_kernel
$(call guest_objs,$(wildcard tests/guest/$(1)/*.c)): GUEST_CFLAGS += -Itests/guest/lib
$(DIST)/boot/test-$(1): $(call guest_objs,$(wildcard tests/guest/$(1)/*.c)) $(XTF_OBJS) $(MINIOS_HEAD) $(MINIOS_LIB) tests/guest/$(1)/kernel.lds
	@mkdir -p $$(dir $$@)
	$$(CC) $$(GUEST_LDFLAGS) -T tests/guest/$(1)/kernel.lds -o $$@.tmp $(MINIOS_HEAD) $(call guest_objs,$(wildcard tests/guest/$(1)/*.c)) $(XTF_OBJS) $(MINIOS_LIB)
	@if readelf -W $(2) $$@.tmp | grep -qw $(3); then echo "$$@: has $(3) ($(2))" >&2; rm -f $$@.tmp; exit 1; fi
	mv $$@.tmp $$@
CHECK_TARGETS += $(DIST)/boot/test-$(1)
endef

$(eval $(call notes_kernel,notes-section,-l,NOTE))
$(eval $(call notes_kernel,xen-guest-section,-S,NOTE))
