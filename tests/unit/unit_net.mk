# Unit tests of the guest's network stack (stubdom/mini-os/net/) and of
# the portable parts of its frontends, built for the host with unit.mk's
# unit_test (this file sorts after unit.mk). Two stack instances talk
# over the in-memory link of tests/unit/net_link.c.
NET_CORE_SRCS := $(wildcard stubdom/mini-os/net/*.c)
NET_TEST_SRCS := $(NET_CORE_SRCS) tests/unit/net_link.c

$(ASAN)/stubdom/mini-os/%.o $(ASAN)/tests/unit/net_link.o \
$(ASAN)/tests/unit/test_net.o $(ASAN)/tests/unit/test_net_%.o: HOST_CFLAGS += -Istubdom/mini-os/include

$(eval $(call unit_test,net,$(NET_TEST_SRCS)))
$(eval $(call unit_test,net_tcp,$(NET_TEST_SRCS)))
$(eval $(call unit_test,net_fuzz,$(NET_TEST_SRCS)))
