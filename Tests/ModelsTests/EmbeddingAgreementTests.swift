import Models
import XCTest

final class EmbeddingAgreementTests: XCTestCase {
    /// Unit rows in 2-D at angles θ: cosines, rank correlation and neighbour agreement by hand.
    func rows(_ angles: [Float]) -> [Float] { angles.flatMap { [cos($0), sin($0)] } }

    func testIdenticalEmbeddingsAgreeFully() {
        let e = rows([0, 0.3, 1.1, 2.0, 2.95])
        let a = EmbeddingAgreement(reference: e, other: e, dimension: 2, topK: 2)
        XCTAssertEqual(a.meanCosine, 1, accuracy: 1e-6)
        XCTAssertEqual(a.worstCosine, 1, accuracy: 1e-6)
        XCTAssertEqual(a.spearman, 1, accuracy: 1e-12)
        XCTAssertEqual(a.topKAgreement, 1)
    }

    func testMovedEmbeddingLowersEveryMeasure() {
        let reference = rows([0, 0.3, 1.1, 2.0, 2.95])
        let other = rows([0, 0.3, 2.5, 2.0, 2.95])  // the third sentence moved by 1.4 rad
        let a = EmbeddingAgreement(reference: reference, other: other, dimension: 2, topK: 1)
        XCTAssertEqual(a.worstCosine, Double(cos(Float(1.4))), accuracy: 1e-6)
        XCTAssertEqual(a.meanCosine, (4 + Double(cos(Float(1.4)))) / 5, accuracy: 1e-6)
        XCTAssertLessThan(a.spearman, 1)
        // nearest neighbours, reference: 0->1, 1->0, 2->1, 3->2, 4->3; other: 0->1, 1->0, 2->4, 3->2, 4->2
        XCTAssertEqual(a.topKAgreement, 3.0 / 5.0, accuracy: 1e-12)
    }
}
