package agreement

import (
	"os"
	"strings"
	"testing"

	"github.com/onus-dev/onus/internal/wording"
)

// docs/agreements.md documents every lint rule and every built-in vague
// term, with its mechanical rewrite: the list must not drift from the code.
func TestDocsListRulesAndTerms(t *testing.T) {
	data, err := os.ReadFile("../../docs/agreements.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, r := range Rules() {
		if !strings.Contains(doc, "| `"+string(r.ID)+"` | "+r.Severity.String()+" |") {
			t.Errorf("docs/agreements.md does not document rule %s (%s)", r.ID, r.Severity)
		}
	}
	for _, term := range wording.Default {
		row := "| " + term.Phrase + " | " + term.Why + " | " + term.Rewrite + " | "
		if r := replacements[term.Phrase]; r != "" {
			row += "`" + r + "` |"
		} else {
			row += "— |"
		}
		if !strings.Contains(doc, row) {
			t.Errorf("docs/agreements.md lacks the row %q", row)
		}
	}
}
