# The libxenstore client that tests/integration/xenstore-lib.sh runs.
$(BUILD)/tests/xenstore-lib: $(call host_objs,tests/integration/xenstore-lib.c) $(BUILD)/lib/libxenstore.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lpthread

CHECK_TARGETS += $(BUILD)/tests/xenstore-lib
