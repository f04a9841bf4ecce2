package cli

import (
	"bytes"
	"strings"
	"testing"
)

func run(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = Run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestGreets(t *testing.T) {
	code, out, _ := run("-name", "Meridian")
	if code != 0 || out != "Hello, Meridian!\n" {
		t.Errorf("got %d %q", code, out)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := run("-version")
	if code != 0 || !strings.HasPrefix(out, "${{ values.name }} ") {
		t.Errorf("got %d %q", code, out)
	}
}

func TestRejectsArguments(t *testing.T) {
	code, _, errOut := run("surprise")
	if code != 2 || !strings.Contains(errOut, "surprise") {
		t.Errorf("got %d %q", code, errOut)
	}
}

func TestUnknownFlag(t *testing.T) {
	if code, _, _ := run("-nope"); code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
}
