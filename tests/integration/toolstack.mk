# Helpers of the toolstack's integration tests.
$(BUILD)/tests/json-get: $(call host_objs,tests/integration/json-get.c)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lyajl

CHECK_TARGETS += $(BUILD)/tests/json-get
