# Unit tests of the domain builder (libxenguest) beyond unit.mk's: the
# notes parser, the kernel unwrapping (bzImage, the seven compressions)
# and Debian's real kernel. Sorted after unit.mk, so its unit_test macro
# and UNIT_DIR are defined (a name like unit-builder.mk would sort first).

XG_DIR := tools/libs/guest
XG_ELF_SRCS := $(XG_DIR)/xg_elf.c $(XG_DIR)/xg_elf_notes.c $(XG_DIR)/xg_util.c
XG_UNPACK_SRCS := $(XG_DIR)/xg_kernel_image.c $(XG_DIR)/xg_decompress.c \
                  $(XG_DIR)/xg_decompress_framed.c

# unit.mk's test_elf_loader needs the notes parser as well.
$(UNIT_DIR)/test_elf_loader: $(call asan_objs,$(XG_DIR)/xg_elf_notes.c)

$(eval $(call unit_test,elf_notes,$(XG_ELF_SRCS)))

# $(call builder_test,binary,test source): linked with the decompressors.
define builder_test
$(1): $(call asan_objs,$(2) $(XG_ELF_SRCS) $(XG_UNPACK_SRCS) $(XG_DIR)/xg_pv_layout.c)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(SAN_FLAGS) -o $$@ $$^ -lcunit -lpthread $$(LIBXENGUEST_LDLIBS)
CHECK_TARGETS += $(1)
endef

$(eval $(call builder_test,$(UNIT_DIR)/test_kernel_unpack,tests/unit/test_kernel_unpack.c))
# Run by tests/integration/linux-image.sh with the cached kernel's path
# (skipped when it is not there), hence not in UNIT_DIR.
$(eval $(call builder_test,$(BUILD)/tests/linux/test_linux_image,tests/unit/test_linux_image.c))
