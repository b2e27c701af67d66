# libxenlight (libxl): the domain lifecycle behind tools/include/libxl.h.
LIBXENLIGHT_SRCS := $(wildcard tools/libs/light/*.c)
$(BUILD)/lib/libxenlight.a: $(call host_objs,$(LIBXENLIGHT_SRCS))

# What a program using libxl links (libxl first: it needs the others).
LIBXL_LINK := $(BUILD)/lib/libxenlight.a $(TOOLS_LIBS) $(BUILD)/lib/libxenstore.a
LIBXL_LDLIBS := -luuid -lyajl -lpthread $(LIBXENGUEST_LDLIBS)

ALL_TARGETS += $(BUILD)/lib/libxenlight.a
