# WeightPort — the two commands of the README:
#   make demo   convert, inspect and validate the bundled fixture models
#   make test   run the whole test suite
.PHONY: bootstrap build release demo test proto

bootstrap:
	@scripts/bootstrap

build: bootstrap
	swift build

test: bootstrap
	swift test

# Regenerates the protobuf-c code of the ONNX importer from Schemas/onnx.proto (needs protoc-c,
# Debian package protobuf-c-compiler); the generated files are committed.
proto:
	protoc-c --proto_path=Schemas --c_out=Sources/COnnxProto Schemas/onnx.proto
	mv Sources/COnnxProto/onnx.pb-c.h Sources/COnnxProto/include/onnx.pb-c.h
