import Testing
@testable import WeightPortFormat

@Suite struct ShapeInferenceTests {
    func provenance() -> Provenance {
        Provenance(sourceFormat: "test", sourceFile: "none", sourceSHA256: "", frameworkVersion: nil, importerVersion: "test", createdAt: "")
    }

    @Test func sameConvolutionPutsTheExtraPixelBottomRight() throws {
        let padding = Padding.same.resolved(inputHeight: 128, inputWidth: 128, kernelHeight: 3, kernelWidth: 3, strideHeight: 2, strideWidth: 2)
        #expect(padding == (0, 0, 1, 1))
        let odd = Padding.same.resolved(inputHeight: 7, inputWidth: 7, kernelHeight: 3, kernelWidth: 3, strideHeight: 1, strideWidth: 1)
        #expect(odd == (1, 1, 1, 1))
    }

    @Test func depthwiseStrideTwoHalvesTheImage() throws {
        let kernel = try Tensor(name: "dw/kernel", shape: [3, 3, 1, 8], layout: .convolutionKernel, floats: .init(repeating: 0, count: 72))
        let node = Node(name: "dw", op: .conv2d(Conv2DAttributes(strideHeight: 2, strideWidth: 2, padding: .same, groups: 8)),
                        inputs: ["x"], outputs: ["dw"], weights: ["kernel": "dw/kernel"])
        let model = try Model(name: "m", inputs: [ValueInfo(name: "x", shape: [-1, 9, 9, 8], sourceLayout: .nhwc)],
                              outputs: [ValueInfo(name: "dw", shape: [-1, 5, 5, 8], sourceLayout: .nhwc)],
                              nodes: [node], tensors: [kernel], provenance: provenance())
        try model.validate()
        let shapes = try model.inferShapes(inputShapes: ["x": [2, 9, 9, 8]])
        #expect(shapes["dw"] == [2, 5, 5, 8])
    }

    @Test func float16RoundTripsEveryFiniteValue() {
        for bits in UInt16.min...UInt16.max where (bits & 0x7C00) != 0x7C00 {
            #expect(Float16Bits.bits(from: Float16Bits.float(fromBits: bits)) == bits)
        }
    }
}
