# Where the build puts things. Programs go to $(DIST)/bin and guest
# kernels to $(DIST)/boot; objects stay under $(BUILD).

BUILD := build
DIST  := dist
ASAN  := $(BUILD)/asan
