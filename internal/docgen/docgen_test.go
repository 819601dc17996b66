package docgen

import (
	"testing"

	"github.com/ccefsm/ccefsm/internal/gencheck"
)

func TestRulesDoc(t *testing.T) {
	gencheck.Golden(t, "../../docs/rules.md", RulesMarkdown())
}
