# libxlutil: the xl.cfg and domain-XML front ends (tools/libs/util).
# Users link it before libxenlight (it uses the libxl_types.c functions)
# and add $(XLU_LIBS).

XLU_SRCS := $(wildcard tools/libs/util/*.c)
# libxml2 is loaded when first used (libxlu_xml_dl.c): xl links only the
# small libraries, and those statically (no loader work at each start).
XLU_LIBS := -lxml2 -lyajl -luuid
XL_STATIC_LIBS := -Wl,-Bstatic -luuid -lyajl_s -lz -lbz2 -llzma -llzo2 \
                  -llz4 -lzstd -Wl,-Bdynamic -lpthread
XLU_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)

$(call host_objs,$(XLU_SRCS)) $(call asan_objs,$(XLU_SRCS)): HOST_CFLAGS += $(XLU_CFLAGS)

# The RelaxNG schema is built into the library (an .incbin in
# libxlu_xml_doc.c), so it is found whatever the working directory.
XLU_SCHEMA := docs/schemas/domain.rng
XLU_SCHEMA_OBJS := $(call host_objs,tools/libs/util/libxlu_xml_doc.c) \
                   $(call asan_objs,tools/libs/util/libxlu_xml_doc.c)
$(XLU_SCHEMA_OBJS): HOST_CFLAGS += -DXLU_SCHEMA_FILE='"$(CURDIR)/$(XLU_SCHEMA)"'
$(XLU_SCHEMA_OBJS): $(XLU_SCHEMA)

$(BUILD)/lib/libxlutil.a: $(call host_objs,$(XLU_SRCS))

ALL_TARGETS += $(BUILD)/lib/libxlutil.a
