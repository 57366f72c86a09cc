# WeightPort — the two commands of the README:
#   make demo   convert, inspect, verify and validate the bundled fixture models (release build)
#   make test   run the whole test suite (and the runtime's kernels again as the host-ISA build)
# and: make release (optimised binary), make bench (speed against ONNX Runtime), make proto.

# The host's vector ISA, when it has AVX2+FMA: without it SIMD multiply-adds become library calls.
# With AVX-512 (F, BW, CD, DQ, VL: skylake-avx512 and later) the GEMM also uses 16-lane tiles
# (WEIGHTPORT_AVX512). Passed on the command line, never in Package.swift (unsafeFlags would make
# the package unusable as a dependency). The default `swift build` stays correct on any x86-64 or
# arm64.
cpu_has = $(shell grep -m1 -ow $(1) /proc/cpuinfo 2>/dev/null)
ifeq ($(shell uname -m),x86_64)
ifneq ($(and $(call cpu_has,avx2),$(call cpu_has,fma)),)
CPU_FLAGS := -Xswiftc -target-cpu -Xswiftc haswell -Xswiftc -DWEIGHTPORT_FMA
ifneq ($(and $(call cpu_has,avx512f),$(call cpu_has,avx512bw),$(call cpu_has,avx512cd),$(call cpu_has,avx512dq),$(call cpu_has,avx512vl)),)
CPU_FLAGS := -Xswiftc -target-cpu -Xswiftc skylake-avx512 -Xswiftc -DWEIGHTPORT_FMA -Xswiftc -DWEIGHTPORT_AVX512
endif
endif
endif
# The release binary is a fully static executable where the static libraries it needs are
# installed (scripts/static-libraries): no dynamic loader at start. Elsewhere it links the Swift
# runtime and Foundation statically (resolving their symbols cost ~8 ms at every start), and
# libhdf5 too where its static library is installed (scripts/static-hdf5: the shared one loads ~35
# more libraries, ~6 ms).
# Where the Swift toolchain has its lld, it links. For the dynamic executable, where glibc is 2.36
# or later, its ~85 000 relative relocations are then packed (DT_RELR: a 16 KB bitmap instead of a
# 2 MB table the loader walks at every start; `weightport --version` 4.5 -> 3.8 ms here). gold, the
# linker swiftc uses by default here, cannot pack them; older glibc could not load the result.
glibc_minor := $(shell getconf GNU_LIBC_VERSION 2>/dev/null | sed -n 's/^glibc 2\.\([0-9]*\).*/\1/p')
has_lld := $(shell command -v ld.lld)
ifeq ($(shell scripts/static-libraries),yes)
LINK_FLAGS := -Xswiftc -static-executable $(if $(has_lld),-Xswiftc -use-ld=lld)
else
LINK_FLAGS := --static-swift-stdlib
ifneq ($(and $(has_lld),$(shell [ "$(glibc_minor)" -ge 36 ] 2>/dev/null && echo yes)),)
LINK_FLAGS += -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs
endif
endif
RELEASE_DIR := .build-native
WEIGHTPORT := $(RELEASE_DIR)/release/weightport

.PHONY: bootstrap build release demo test bench proto

bootstrap:
	@scripts/bootstrap

build: bootstrap
	swift build

release: bootstrap
	PKG_CONFIG_PATH="$$(scripts/static-hdf5 $(RELEASE_DIR)/static-hdf5)" \
	  swift build -c release --scratch-path $(RELEASE_DIR) $(CPU_FLAGS) $(LINK_FLAGS) --product weightport

demo: release
	scripts/demo $(WEIGHTPORT)

# The whole suite in the portable build, then the runtime's kernel tests again in the host-ISA
# build (CPU_FLAGS: the FMA and AVX-512 kernels the release binary runs) when the host has one.
test: bootstrap
	swift test
ifneq ($(CPU_FLAGS),)
	swift test --scratch-path .build-isa $(CPU_FLAGS) --filter WeightPortRuntimeTests
endif

# Regenerates the protobuf-c code of the ONNX importer from Schemas/onnx.proto (needs protoc-c,
# Debian package protobuf-c-compiler); the generated files are committed.
proto:
	protoc-c --proto_path=Schemas --c_out=Sources/COnnxProto Schemas/onnx.proto
	mv Sources/COnnxProto/onnx.pb-c.h Sources/COnnxProto/include/onnx.pb-c.h

# Speed and memory against ONNX Runtime, measured side by side (creates a pinned Python
# environment outside the repository on first use; not part of the tests).
bench: release
	scripts/bench/run $(WEIGHTPORT)
