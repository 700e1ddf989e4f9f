import XCTest
import PlainText

final class PlainTextTests: XCTestCase {
    func testEditDistance() {
        XCTAssertEqual(EditDistance.between("kitten", "sitting"), 3)
        XCTAssertEqual(EditDistance.between("", "abc"), 3)
        XCTAssertEqual(EditDistance.between("abc", ""), 3)
        XCTAssertEqual(EditDistance.between("MXFP4", "mxfp4"), 0, "case is ignored")
        XCTAssertEqual(EditDistance.between("layer.0.wéight", "layer.0.weight"), 1, "Unicode scalars, not bytes")
    }

    func testAlignedColumns() {
        let rows = [["name", "bits"], ["int8", "8"], ["float16", "16"]]
        XCTAssertEqual(AlignedColumns.text(rows), "name     bits\nint8     8\nfloat16  16\n")
        XCTAssertEqual(AlignedColumns.text(rows) { $0 == 0 ? .left : .right },
                       "name     bits\nint8        8\nfloat16    16\n")
        XCTAssertEqual(AlignedColumns.text([]), "")
    }
}
