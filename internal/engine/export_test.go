package engine

import "github.com/onus-dev/onus"

// CompileSelectorForTest exposes the compiled matcher to the external tests.
func CompileSelectorForTest(s *onus.Selector) func(*onus.Asset, string, onus.DeliveryModel) bool {
	return compileSelector(s).matches
}
