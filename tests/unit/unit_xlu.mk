# Unit tests of the domain description (libxl_types.c, the JSON) and of
# libxlutil, linked from their sources with ASan and UBSan; they need
# libxml2, yajl and libuuid besides CUnit.

# (This file sorts after unit.mk, which sets UNIT_DIR.)
XLU_UNIT_SRCS := $(XLU_SRCS) tools/libs/light/libxl_types.c \
                 tools/libs/light/libxl_json.c \
                 tools/libs/light/libxl_json_parse.c

# Where the tests find their configs and the schema, whatever the
# working directory.
XLU_TEST_DEFS := -DXLU_TEST_CONFIGS='"$(CURDIR)/tests/configs"' \
                 -DXLU_TEST_EXAMPLES='"$(CURDIR)/config/examples"' \
                 -DXLU_TEST_SCHEMA='"$(CURDIR)/$(XLU_SCHEMA)"'

# $(call xlu_unit_test,name,extra sources)
define xlu_unit_test
$(call asan_objs,tests/unit/test_$(1).c): HOST_CFLAGS += $(XLU_CFLAGS) $(XLU_TEST_DEFS)
$(UNIT_DIR)/test_$(1): $(call asan_objs,tests/unit/test_$(1).c $(XLU_UNIT_SRCS) $(2))
	@mkdir -p $$(dir $$@)
	$$(CC) $$(SAN_FLAGS) -o $$@ $$^ -lcunit -lpthread $$(XLU_LIBS)
CHECK_TARGETS += $(UNIT_DIR)/test_$(1)
endef

$(eval $(call xlu_unit_test,xlu_cfg,))
$(eval $(call xlu_unit_test,xlu_devices,))
$(eval $(call xlu_unit_test,libxl_json,))
$(eval $(call xlu_unit_test,xlu_configs,))
$(eval $(call xlu_unit_test,xlu_fuzz,))
