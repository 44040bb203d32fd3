import Foundation
import Testing
import ImageCodecs

/// ICC profiles, EXIF and XMP come out of every fixture byte for byte as the generator wrote them, and
/// the output rules (orientation 1, no thumbnail, profile only for a matching colour model) give exactly
/// the blocks it worked out independently.
@Suite struct MetadataDecodeTests {
    @Test func manifestIsThere() {
        #expect(MetadataFixtures.all.count >= 8)
    }

    @Test(arguments: MetadataFixtures.all)
    func blocksAreReadByteForByte(_ fixture: MetadataFixture) throws {
        let decoded = try ImageDecoder.decode(path: fixture.path)
        #expect(decoded.metadata.iccProfile == (try MetadataFixtures.bytes(fixture.icc)))
        #expect(decoded.metadata.exif == (try MetadataFixtures.bytes(fixture.exif)))
        #expect(decoded.metadata.xmp == (try MetadataFixtures.bytes(fixture.xmp)))
        #expect(decoded.info.orientation == fixture.orientation)
        #expect(decoded.info.bitDepth == fixture.bitDepth && decoded.info.channels == fixture.channels)
        #expect(decoded.warnings.count == fixture.warnings, "\(decoded.warnings)")
        #expect(decoded.warnings.allSatisfy { $0.kind == .metadata })
        let upright = fixture.orientation >= 5 ? [fixture.width, fixture.height] : [fixture.height, fixture.width]
        #expect(Array(decoded.tensor.shape[1...2]) == upright)
        if let expected = try fixture.expectedSamples() {
            #expect(decoded.tensor.scalars == expected)
        }
    }

    @Test(arguments: MetadataFixtures.all)
    func outputMetadataIsUprightWithoutThumbnail(_ fixture: MetadataFixture) throws {
        let decoded = try ImageDecoder.decode(path: fixture.path)
        let output = decoded.metadata(forOutputChannels: fixture.channels)
        #expect(output.exif == (try MetadataFixtures.bytes(fixture.exifUpright)))
        #expect(output.xmp == (try MetadataFixtures.bytes(fixture.xmpUpright)))
        #expect(output.iccProfile == decoded.metadata.iccProfile)
        #expect(output.exifOrientation == 1)
        // Pixels left as stored keep the stored orientation, and still lose the thumbnail.
        let stored = try ImageDecoder.decode(path: fixture.path, options: DecodeOptions(applyOrientation: false))
        let kept = stored.metadata(forOutputChannels: fixture.channels)
        #expect(kept.exifOrientation == decoded.metadata.exifOrientation)
        #expect(kept.xmp == decoded.metadata.xmp)
        if let upright = try MetadataFixtures.bytes(fixture.exifUpright), let exif = kept.exif {
            #expect(exif.count == upright.count)
        }
    }

    @Test func aGrayMapFromAColourPhotoCarriesNoProfile() throws {
        let colour = try ImageDecoder.decode(path: MetadataFixtures.path("jpeg-icc2-exif6-xmp.jpg"))
        #expect(colour.metadata(forOutputChannels: 1).iccProfile == nil)
        #expect(colour.metadata(forOutputChannels: 1).exif != nil)
        #expect(colour.metadata(forOutputChannels: 4).iccProfile == colour.metadata.iccProfile)
        let gray = try ImageDecoder.decode(path: MetadataFixtures.path("jpeg-gray-icc.jpg"))
        #expect(gray.metadata(forOutputChannels: 1).iccProfile == gray.metadata.iccProfile)
        #expect(gray.metadata(forOutputChannels: 3).iccProfile == nil)
        #expect(colour.metadata.iccColorSpace == "RGB " && gray.metadata.iccColorSpace == "GRAY")
    }

    @Test func iccSegmentsAreReassembledInSequenceOrder() throws {
        let inOrder = try ImageDecoder.decode(path: MetadataFixtures.path("jpeg-icc2-exif6-xmp.jpg"))
        let reordered = try ImageDecoder.decode(path: MetadataFixtures.path("jpeg-icc2-reordered.jpg"))
        #expect(reordered.metadata == inOrder.metadata)
        #expect((inOrder.metadata.iccProfile?.count ?? 0) > 65_519)  // two segments
        let missing = try ImageDecoder.decode(path: MetadataFixtures.path("jpeg-icc2-missing.jpg"))
        #expect(missing.metadata.iccProfile == nil)
        #expect(missing.warnings.map(\.message) == ["ICC profile not used: ICC_PROFILE segment 2 of 2 is missing"])
    }

    @Test(arguments: MetadataFixtures.all)
    func headerReadsTheSameBlocksBeforeTheImageData(_ fixture: MetadataFixture) throws {
        let header = try ImageDecoder.header(path: fixture.path)
        let decoded = try ImageDecoder.decode(path: fixture.path)
        #expect(header.info == decoded.info)
        #expect(header.metadata.iccProfile == decoded.metadata.iccProfile)
        if fixture.file.hasPrefix("png-rgba16") {
            // Its eXIf and XMP follow the image data, which a header read does not reach.
            #expect(header.metadata.exif == nil && header.metadata.xmp == nil)
        } else {
            #expect(header.metadata == decoded.metadata)
        }
    }
}
