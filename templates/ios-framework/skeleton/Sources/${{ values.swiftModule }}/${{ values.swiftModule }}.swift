import Foundation

/// ${{ values.name }}: see README.md.
public enum ${{ values.swiftModule }} {
    /// The framework's release, kept in step with its git tags.
    public static let version = "0.1.0"

    /// Identifies apps built with this framework, e.g. in HTTP headers.
    public static func userAgent(application: String = "") -> String {
        let agent = "${{ values.name }}/\(version)"
        return application.isEmpty ? agent : "\(application) \(agent)"
    }
}
