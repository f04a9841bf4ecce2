package messaging

import "testing"

func TestQueuesAreDistinct(t *testing.T) {
	if len(Queues) == 0 {
		t.Fatal("no queues")
	}
	seen := map[string]bool{}
	for _, queue := range Queues {
		if seen[queue] {
			t.Errorf("queue %q listed twice", queue)
		}
		seen[queue] = true
	}
}
