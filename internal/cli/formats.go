package cli

import (
	"github.com/onus-dev/onus/internal/inventory"
)

// inventoryFormats lists every inventory format, in sniffing order: the most
// specific shapes first.
func inventoryFormats() []inventory.Format {
	return []inventory.Format{}
}
