import XCTest
@testable import ${{ values.swiftModule }}

final class ${{ values.swiftModule }}Tests: XCTestCase {
    func testUserAgent() {
        XCTAssertEqual(${{ values.swiftModule }}.userAgent(), "${{ values.name }}/0.1.0")
        XCTAssertEqual(${{ values.swiftModule }}.userAgent(application: "Banking"), "Banking ${{ values.name }}/0.1.0")
    }
}
