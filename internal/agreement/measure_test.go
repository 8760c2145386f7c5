package agreement

import (
	"testing"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/wording"
)

func TestHasMeasure(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"responds within 15 minutes", true},
		{"responds within 15m", true},
		{"is available 99.9% of the month", true},
		{"notifies within seventy-two (72) hours", true},
		{"removes leavers within one business day", true},
		{"backs up the database nightly", true},
		{"watches the logs 24/7", true},
		{"restores within a day", true},
		{"responds within a reasonable time", false},
		{"responds promptly", false},
		{"uses TLS 1.2 or later", false},
		{"took effect on 2026-01-01", false},
		{"retains them for the period the customer configures", false},
	}
	for _, tt := range tests {
		if got := hasMeasure(tt.text); got != tt.want {
			t.Errorf("hasMeasure(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestFindUnmeasured(t *testing.T) {
	fourHours, _ := onus.ParsePeriod("4h")
	tests := []struct {
		name     string
		text     string
		c        onus.Commitments
		patching bool
		want     []string // the words quoted, one per finding
	}{
		{"a response without a time", "Harbour responds to tickets promptly. It keeps spares.", onus.Commitments{}, false,
			[]string{"responds to tickets promptly"}},
		{"the commitment field holds the measure", "Harbour responds to tickets promptly.", onus.Commitments{Response: fourHours}, false, nil},
		{"the customer's own duty", "Acme restores its own backups. The customer retains logs.", onus.Commitments{}, false, nil},
		{"a measure in the sentence", "Harbour notifies Acme within 24 hours of an outage.", onus.Commitments{}, false, nil},
		{"patching counts only on the customer's layers", "Harbour patches the servers.", onus.Commitments{}, false, nil},
		{"patching on the customer's layers", "Harbour patches the servers.", onus.Commitments{}, true, []string{"patches the servers"}},
		{"availability in words", "The service has high availability.", onus.Commitments{}, false, []string{"availability"}},
		{"one finding per sentence; e.g. does not end one", "Harbour will notify e.g. the NOC and resolve faults; it informs Acme.", onus.Commitments{}, false,
			[]string{"notify e.g. the NOC and resolve faults", "informs Acme"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, u := range findUnmeasured(tt.text, tt.c, []string{"acme", "Acme Retail"}, tt.patching) {
				got = append(got, tt.text[u.start:u.end])
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("finding %d quotes %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// FuzzFindUnmeasured checks that the quoted ranges always lie inside the
// text, in order, whatever the text.
func FuzzFindUnmeasured(f *testing.F) {
	f.Add("Harbour responds promptly. It notifies Acme within 4 hours; e.g. by phone.")
	f.Add("99.9% availability… résumé; retains logs.\n\nPatches weekly.")
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		for _, u := range findUnmeasured(text, onus.Commitments{}, []string{"acme"}, true) {
			if u.start < last || u.end < u.start || u.end > len(text) {
				t.Fatalf("bad range %d-%d in %q", u.start, u.end, text)
			}
			last = u.end
		}
		for _, s := range sentences(text) {
			if s[0] < 0 || s[1] > len(text) || s[0] >= s[1] {
				t.Fatalf("bad sentence %v in %q", s, text)
			}
		}
		hasMeasure(text)
		hasPercent(text)
	})
}

// Runes that change length when lowered must not shift the offsets of the
// vague words found after them.
func TestFindVagueKeepsOffsets(t *testing.T) {
	m := wording.NewMatcher(wording.Default)
	for _, text := range []string{"ȺȺȺȺ may notify promptly", "İİ may", "plain text may"} {
		for _, f := range m.Find(text) {
			if text[f.Offset:f.Offset+len(f.Text)] != f.Text || (f.Text != "may" && f.Text != "promptly") {
				t.Errorf("%q: found %q at %d", text, f.Text, f.Offset)
			}
		}
	}
}
