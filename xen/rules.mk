# The hypervisor: every C file under xen/common and xen/arch/x86 links
# into one program, dist/bin/xen.

XEN_SRCS := $(sort $(shell find xen/common xen/arch/x86 -name '*.c' 2>/dev/null))
XEN_OBJS := $(call host_objs,$(XEN_SRCS))

$(DIST)/bin/xen: $(XEN_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lpthread

ALL_TARGETS += $(DIST)/bin/xen

# The same program built with ASan and UBSan, for tests that throw hostile
# guests at it (tests/integration/hypercall-fuzz.sh).
$(BUILD)/xen-asan: $(call asan_objs,$(XEN_SRCS))
	$(CC) $(SAN_FLAGS) -o $@ $^ -lpthread

CHECK_TARGETS += $(BUILD)/xen-asan
