# libxlutil: the xl.cfg and domain-XML front ends (tools/libs/util).
# Users link it before libxenlight (it uses the libxl_types.c functions)
# and add $(XLU_LIBS).

XLU_SRCS := $(wildcard tools/libs/util/*.c)
XLU_LIBS := -lxml2 -lyajl -luuid
XLU_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)

$(call host_objs,$(XLU_SRCS)) $(call asan_objs,$(XLU_SRCS)): HOST_CFLAGS += $(XLU_CFLAGS)

$(BUILD)/lib/libxlutil.a: $(call host_objs,$(XLU_SRCS))

ALL_TARGETS += $(BUILD)/lib/libxlutil.a
