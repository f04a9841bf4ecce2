package ${{ values.goPackage }}

import "fmt"

// Version is the library's release, kept in step with its git tags.
const Version = "0.1.0"

// UserAgent identifies callers built with this library, e.g. in HTTP headers.
func UserAgent(application string) string {
	if application == "" {
		return fmt.Sprintf("${{ values.name }}/%s", Version)
	}
	return fmt.Sprintf("%s ${{ values.name }}/%s", application, Version)
}
