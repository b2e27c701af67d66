# xen-netback's ring parsers (tools/netback/tx.c, rx.c) under ASan and
# UBSan, with fakes of the hypervisor's grant copy and the tap (unit.mk's
# unit_test, plus liburing for the batched tap writes).
$(UNIT_DIR)/test_netback: $(call asan_objs,tests/unit/test_netback.c tools/netback/tx.c tools/netback/rx.c)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) -o $@ $^ -lcunit -luring -lpthread
CHECK_TARGETS += $(UNIT_DIR)/test_netback
