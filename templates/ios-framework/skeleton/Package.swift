// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "${{ values.swiftModule }}",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "${{ values.swiftModule }}", targets: ["${{ values.swiftModule }}"]),
    ],
    targets: [
        .target(name: "${{ values.swiftModule }}"),
        .testTarget(name: "${{ values.swiftModule }}Tests", dependencies: ["${{ values.swiftModule }}"]),
    ]
)
