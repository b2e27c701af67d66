# The libxengnttab client that tests/integration/gnttab-lib.sh runs.
$(BUILD)/tests/gnttab-lib: $(call host_objs,tests/integration/gnttab-lib.c) $(BUILD)/lib/libxengnttab.a $(BUILD)/lib/libxenctrl.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lpthread

CHECK_TARGETS += $(BUILD)/tests/gnttab-lib
