# CUnit unit tests, built with ASan and UBSan: each test program links
# its own test file with the (sanitized) objects of the code under test.

UNIT_DIR := $(BUILD)/tests/unit

# $(call unit_test,name,sources under test)
define unit_test
$(UNIT_DIR)/test_$(1): $(call asan_objs,tests/unit/test_$(1).c $(2))
	@mkdir -p $$(dir $$@)
	$$(CC) $$(SAN_FLAGS) -o $$@ $$^ -lcunit -lpthread
CHECK_TARGETS += $(UNIT_DIR)/test_$(1)
endef

$(eval $(call unit_test,abi_layout,))
$(eval $(call unit_test,elf_loader,tools/libs/guest/xg_elf.c tools/libs/guest/xg_util.c))
$(eval $(call unit_test,pv_layout,tools/libs/guest/xg_pv_layout.c tools/libs/guest/xg_util.c))
$(eval $(call unit_test,timer,xen/common/timer.c xen/common/time.c tests/unit/hv_log_stub.c))
$(eval $(call unit_test,event_channel,xen/common/event_channel.c xen/common/event_2l.c tests/unit/hv_stubs.c tests/unit/hv_log_stub.c))
$(eval $(call unit_test,credit,xen/common/sched/credit.c tests/unit/hv_log_stub.c))
$(eval $(call unit_test,guest_walk,xen/arch/x86/guest_walk.c tests/unit/hv_log_stub.c))
# xenstored without its event loop (main.c) and the hypervisor side (ring.c).
# persist.c opens its files through libxenctrl's run-directory helpers.
XS_UNIT_SRCS := $(filter-out tools/xenstored/main.c tools/xenstored/ring.c,\
                  $(wildcard tools/xenstored/*.c)) tools/libs/ctrl/xc_rundir.c
$(eval $(call unit_test,xs_protocol,$(XS_UNIT_SRCS)))
$(eval $(call unit_test,x86_decode,xen/arch/x86/x86_decode.c))
