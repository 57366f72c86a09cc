import Testing
@testable import WeightPortFormat

/// Human-readable figures in the text renderings.
@Suite struct SummaryFormattingTests {
    @Test func figuresBelowAThousandAreExact() {
        #expect(SummaryFormatting.figure(0) == "0")
        #expect(SummaryFormatting.figure(864) == "864")
        #expect(SummaryFormatting.figure(999) == "999")
    }

    @Test func figuresHaveTwoDecimalsBelowTenUnitsAndOneAbove() {
        #expect(SummaryFormatting.figure(4_231_976) == "4.23M")
        #expect(SummaryFormatting.figure(568_740_352) == "568.7M")
        #expect(SummaryFormatting.figure(569_000_000) == "569.0M")
        #expect(SummaryFormatting.figure(9_216) == "9.22K")
        #expect(SummaryFormatting.figure(56_000_000) == "56.0M")
        #expect(SummaryFormatting.figure(1_200_000_000) == "1.20G")
    }

    @Test func figuresThatRoundUpMoveToTheNextUnit() {
        #expect(SummaryFormatting.figure(9_999) == "10.0K")
        #expect(SummaryFormatting.figure(999_999) == "1.00M")
        #expect(SummaryFormatting.figure(999_960_000) == "1.00G")
    }

    @Test func exactFiguresAreGroupedByThousands() {
        #expect(SummaryFormatting.grouped(4_253_864) == "4,253,864")
        #expect(SummaryFormatting.grouped(100) == "100")
        #expect(SummaryFormatting.grouped(-1_000) == "-1,000")
    }

    @Test func byteSizesUseBinaryUnits() {
        #expect(SummaryFormatting.bytes(512) == "512 B")
        #expect(SummaryFormatting.bytes(20_480) == "20.0 KiB")
        #expect(SummaryFormatting.bytes(17_000_000) == "16.2 MiB")
        #expect(SummaryFormatting.bytes(1 << 30) == "1.00 GiB")
    }

    @Test func shapesUseTimesAndMarkUnknownDimensions() {
        #expect(SummaryFormatting.shape([1, 112, 112, 32]) == "1×112×112×32")
        #expect(SummaryFormatting.shape([-1, 1000]) == "?×1000")
    }
}
