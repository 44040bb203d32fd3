/// A pixel stride (horizontal stride × input channels) known at compile time, so the microkernels
/// address all pixels of a block from one register with constant displacements instead of keeping a
/// pointer per pixel (which spills on x86-64's 16 general registers). `fixed == 0` means "use the
/// runtime stride".
protocol PixelStride { static var fixed: Int { get } }

/// The runtime stride (any geometry).
enum PixelStrideAny: PixelStride { static var fixed: Int { 0 } }
/// One channel, stride 1 (gray images).
enum PixelStride1: PixelStride { static var fixed: Int { 1 } }
/// RGB, stride 1: the photo shapes.
enum PixelStride3: PixelStride { static var fixed: Int { 3 } }
/// RGB, stride 2.
enum PixelStride6: PixelStride { static var fixed: Int { 6 } }
/// 16 channels, stride 1 (inner layers).
enum PixelStride16: PixelStride { static var fixed: Int { 16 } }
