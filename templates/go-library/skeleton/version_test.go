package ${{ values.goPackage }}

import "testing"

func TestUserAgent(t *testing.T) {
	tests := map[string]string{
		"":        "${{ values.name }}/" + Version,
		"billing": "billing ${{ values.name }}/" + Version,
	}
	for application, want := range tests {
		if got := UserAgent(application); got != want {
			t.Errorf("UserAgent(%q) = %q, want %q", application, got, want)
		}
	}
}
