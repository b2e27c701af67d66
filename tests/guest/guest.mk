# Guest test kernels: tests/guest/<name>/*.c -> dist/boot/test-<name>,
# each linked with the test runtime (tests/guest/lib) and libminios.

XTF_OBJS := $(call guest_objs,$(wildcard tests/guest/lib/*.c))
GUEST_TESTS := $(filter-out lib,$(notdir $(patsubst %/,%,$(dir $(wildcard tests/guest/*/main.c)))))

$(XTF_OBJS): GUEST_CFLAGS += -Itests/guest/lib

define guest_test
$(call guest_objs,$(wildcard tests/guest/$(1)/*.c)): GUEST_CFLAGS += -Itests/guest/lib
$(eval $(call minios_kernel,$(DIST)/boot/test-$(1),$(call guest_objs,$(wildcard tests/guest/$(1)/*.c)) $(XTF_OBJS)))
endef
$(foreach t,$(GUEST_TESTS),$(eval $(call guest_test,$(t))))

CHECK_TARGETS += $(addprefix $(DIST)/boot/test-,$(GUEST_TESTS))

# Kernels that integration tests and benchmarks boot with expectations of
# their own (not run on their own): tests/special/<name> -> special-<name>.
SPECIAL_KERNELS := $(notdir $(patsubst %/,%,$(dir $(wildcard tests/special/*/main.c))))
# Those listed here also get the test library's guest-user-mode helpers.
SPECIAL_USER_MODE := bench
special_objs = $(call guest_objs,$(wildcard tests/special/$(1)/*.c)) \
    $(if $(filter $(1),$(SPECIAL_USER_MODE)),$(call guest_objs,tests/guest/lib/user.c))
$(foreach t,$(SPECIAL_USER_MODE),$(eval $(call guest_objs,$(wildcard tests/special/$(t)/*.c)): GUEST_CFLAGS += -Itests/guest/lib))
$(foreach t,$(SPECIAL_KERNELS),$(eval $(call minios_kernel,$(DIST)/boot/special-$(t),$(call special_objs,$(t)))))
CHECK_TARGETS += $(addprefix $(DIST)/boot/special-,$(SPECIAL_KERNELS))
